"""The open-data licenses a plan may state (plan.yaml ``license``): each compatible with CC BY 4.0.

Japanese government open data is published under terms compatible with CC BY 4.0 (公共データ利用規約,
政府標準利用規約 2.0); a plan names one of these by identifier so that data users know what they
may do, and ``validate`` refuses any other word (``unknown-license``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class License:
    title: str
    url: str


# SPDX identifiers where SPDX has one; PDL-1.0 is the identifier data catalogues use for 公共データ利用規約.
LICENSES = {
    "CC-BY-4.0": License(
        "クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）", "https://creativecommons.org/licenses/by/4.0/"
    ),
    "CC0-1.0": License("CC0 1.0 全世界 パブリック・ドメイン提供", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "PDL-1.0": License(
        "公共データ利用規約（第1.0版）", "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0"
    ),
}
