"""The plan's own word for each key of its files (主管課 for departments): one table, for the schema and messages."""

from __future__ import annotations

from actionplan.i18n import _, language

# The Japanese title and description of every field (an editor shows them on hover): "Model.field"
# first, then the field name alone. tests/cli/test_publish_schema.py checks that none is missing.
FIELD_TEXT: dict[str, tuple[str, str]] = {
    "id": ("番号", "柱・目標・項目の番号。例: 1、1-2、1-2-4"),
    "Item.id": ("項目番号", "柱-目標-番号の形の項目番号。ファイル名と同じにする。例: 1-2-4"),
    "PhaseKind.id": ("種類の識別子", "段階の種類の識別子（英数字）。例: plan、run"),
    "label": ("表示名", "柱・目標の表示名。例: 第一、目標1"),
    "PhaseKind.label": ("種類の名称", "段階の種類の名称。例: 検討・準備"),
    "title": ("名称", "柱・目標の名称"),
    "Item.title": ("項目名", "項目の名称"),
    "Item.label": (
        "表示番号",
        "計画書が項目に付けて印刷する番号。例: ①、取組項目1、(1)。項目番号とファイル名は英数字のまま",
    ),
    "headline": ("概要", "取組を一文で表したもの"),
    "description": ("内容", "取組の内容。改行してよい"),
    "lead": ("前文", "柱・目標の説明文"),
    "stated": ("記載の項目数", "計画書の表に記載された項目数と、括弧内の他計画掲載の項目数"),
    "items": ("記載の項目数", "計画書に記載された項目数"),
    "cross_referenced": ("他計画掲載の項目数", "計画書の括弧内の数: 他の計画に掲載された項目の数"),
    "goals": ("目標", "柱の下の目標の一覧"),
    "pillars": ("柱", "計画の柱（基本方針）の一覧"),
    "departments": ("主管課", "項目を主管する課・担当。plan.yaml の departments の名称"),
    "PlanMeta.departments": (
        "主管課の一覧",
        "計画に出てくるすべての主管課（区の通常の順）。主管課のない計画では書かない",
    ),
    "office": ("主管課のない項目の回答課", "主管課を書かない項目について進捗に回答する課。省略時は「計画所管課」"),
    "tags": ("区分", "項目の区分（凡例の略称）。例: 実計、協働"),
    "PlanMeta.tags": ("区分の一覧（凡例）", "区分の略称と意味"),
    "schedule": ("年度別計画", "年度ごとに予定された段階。キーは年度（2020、R2、令和2年度 …）"),
    "glossary": ("用語解説", "項目の説明に出てくる用語。glossary.yaml の用語"),
    "name": ("名称", "計画・区分・段階・進捗区分の名称"),
    "PlanMeta.name": ("計画の名称", "例: 杉並区情報化アクションプラン"),
    "internal": (
        "庁内限りの項目",
        "公開しない項目（例: answer.evidence、item.description）。庁内メモと回答者はいつも庁内限り",
    ),
    "municipality": ("地方公共団体名", "計画を定めた地方公共団体の名称。例: 杉並区"),
    "municipality_code": (
        "全国地方公共団体コード",
        "総務省の全国地方公共団体コード（検査数字を含む 6 桁）。例: 杉並区 131156",
    ),
    "license": (
        "利用条件（ライセンス）",
        "書き出すオープンデータの利用条件。CC-BY-4.0、CC0-1.0、PDL-1.0（公共データ利用規約）のいずれか",
    ),
    "language": (
        "表示言語",
        "メッセージの言語（ja または en）。環境変数 ACTIONPLAN_LANG や LANG で決まらないときに使う",
    ),
    "published": ("策定時期", "計画を策定・公表した時期。例: 令和元年7月"),
    "summary": ("計画の説明", "計画の位置づけなどの説明文"),
    "period": ("計画期間", "計画の年度と現状の年度"),
    "baseline": ("現状の年度", "計画期間の前年度（現状の列）。例: 2018"),
    "start": ("計画期間の初年度", "例: 2019（令和元年度）。月から始まる計画は月まで書く: 令和4年12月、2022-12"),
    "end": ("計画期間の最終年度", "例: 2021（令和3年度）。月で終わる計画は月まで書く: 令和9年3月、2027-03"),
    "start_month": ("開始月", "計画期間が始まる月（1～12）。start に月まで書けば自動で入る"),
    "end_month": ("終了月", "計画期間が終わる月（1～12）。end に月まで書けば自動で入る"),
    "sources": ("出典", "計画書・項目の出典（資料名、URL、ページ）の一覧"),
    "Source.title": ("資料名", "出典の資料名"),
    "url": ("出典のURL", "出典の所在（URL）"),
    "page": ("ページ", "出典のページ。例: 12、12-13"),
    "labels": ("各部の呼び方", "計画が柱・目標・項目・主管課・区分を何と呼ぶか。例: 分野、施策、取組、担当部局"),
    "Labels.pillar": ("柱の呼び方", "既定: 柱。例: 分野、基本方針"),
    "Labels.goal": ("目標の呼び方", "既定: 目標。例: 施策"),
    "Labels.item": ("項目の呼び方", "既定: 項目。例: 取組、事業"),
    "Labels.department": ("主管課の呼び方", "既定: 主管課。例: 担当部局、所管課"),
    "Labels.tag": ("区分の呼び方", "既定: 区分"),
    "PlanMeta.schedule": (
        "年度別計画の書き方",
        "every-year: すべての項目が計画期間の毎年度の段階を書く（抜けを validate が指摘）。optional: 書いた年度だけ",
    ),
    "milestones": ("期限・到達目標", "「R6年度までに…」のような期限付きの到達目標の一覧"),
    "by": ("期限の年度", "この年度までに達成する。例: R6、2024"),
    "Milestone.text": ("到達目標", "期限までに達成すること。例: 全庁で導入"),
    "continues": ("継続を表す語", "→、継続 のように前年度の段階が続くことを表す語であるか"),
    "id_pattern": ("項目番号の形式", "項目番号が満たす正規表現"),
    "phase_kinds": ("段階の種類", "段階の種類（色分けの単位）の一覧"),
    "phases": ("段階", "段階の名称。plan.yaml の phases の名称"),
    "PlanMeta.phases": ("段階の一覧", "年度別計画に書ける段階と、その種類"),
    "kind": ("段階の種類", "phase_kinds の識別子"),
    "statuses": ("進捗区分の一覧", "進捗状況調査で選べる進捗区分と集計区分"),
    "meaning": ("意味", "区分・進捗区分の意味"),
    "rollup": (
        "集計区分",
        "on_schedule（順調）、delayed（遅れ）、stopped（中止）、not_counted（対象外：どの集計にも数えない）",
    ),
    "cross_reference": ("他計画掲載", "この区分の項目を他計画掲載の項目数に数えるか"),
    "marks_new": ("新規の印", "この区分が新規項目を表すか"),
    "requires": ("必要な区分", "この区分と一緒に付ける必要がある区分"),
    "aliases": ("別名", "計画書で使われた別の書き方。validate が正しい名称を示す"),
    "term": ("用語", "用語解説の見出し語"),
    "definition": ("説明", "用語の説明"),
    "item": ("項目番号", "回答の対象の項目番号"),
    "reading": ("読み", "用語の読み"),
    "format": ("形式の版", "進捗ファイルの形式の版。2（項目 × 年度 × 主管課ごとに1件の回答）"),
    "answers": ("回答", "進捗状況調査の回答の一覧"),
    "year": ("年度", "回答の年度。例: 2020、R2、令和2年度"),
    "Answer.department": ("回答課", "回答した主管課。項目の主管課のいずれか"),
    "status": ("進捗区分", "plan.yaml の statuses の名称。例: 予定どおり"),
    "Answer.phases": ("実施した段階", "その年度に実施した段階"),
    "result": ("取組実績", "その年度に実際に行った取組（公開）"),
    "rating": ("評価", "plan.yaml の ratings の名称。達成率から算出する計画では書かない"),
    "challenge": ("課題・今後の方向性", "課題と今後の方向性（公開）"),
    "values": ("指標の実績値", "指標の識別子と実績値。例: {sites: 17}"),
    "grades": ("指標の評価", "指標ごとの評価（plan.yaml の ratings の名称）。例: {sites: B}"),
    "results": ("指標の実績", "指標ごとの取組実績（公開）。例: {sites: 17施設と協定を結んだ}"),
    "evidence": ("根拠資料", "根拠となる資料の名称または URL（公開）"),
    "note": ("庁内メモ", "庁内限りのメモ。公開する出力には出ない"),
    "answered_by": ("回答者", "回答した担当者と連絡先（庁内限り）"),
    "answered_on": ("回答日", "回答した日（YYYY-MM-DD）"),
    "ratings": ("評価の一覧", "進捗状況調査で使う評価（例: A～D、◎○△×）と意味"),
    "min_achievement": ("達成率の下限", "この評価になる達成率（%）の下限。書くと評価は達成率から算出される"),
    "rollup_rule": (
        "集計の規則",
        "主管課が複数の項目の集計区分の決め方。least_favourable（最も悪い回答、既定）、most_favourable",
    ),
    "required_answer_fields": ("必須の回答欄", "回答で必ず書く欄。例: [result, challenge]"),
    "indicators": ("指標", "項目の指標（KPI）の一覧"),
    "Indicator.id": ("指標の識別子", "回答の実績値で使う識別子（英数字）。例: sites"),
    "Indicator.name": ("指標名", "例: 通信手段を確保した施設数"),
    "unit": ("単位", "例: 件、%、施設"),
    "direction": ("目指す方向", "増やす または 減らす（達成率の計算に使う）"),
    "Indicator.baseline": ("現状値", "計画が示す現状値（基準値）と、その時点"),
    "value": ("現状値", "現状値（数値）"),
    "Baseline.text": ("現状値（文章）", "数値でない現状値。例: 未実施"),
    "Baseline.year": ("現状値の年度", "現状値の年度。例: 2018、令和4年度"),
    "calendar_year": ("現状値の年", "現状値が暦年で示されているときの年。例: 2022（2022年）"),
    "survey": ("調査", "現状値の出典となる調査。例: 令和4年度県民意識調査"),
    "targets": ("目標値", "年度ごとの目標値。最終年度だけでもよい。例: {2020: 20, 2021: 30}"),
    "target_texts": ("目標値（文章）", "数値でない目標値。例: {2026: 全市町村で導入}"),
    "final_target": (
        "最終目標",
        "年度を示さない最終目標（数値）。計画期間の終わり（最終年度）の目標として扱う。"
        "最終年度の targets と両方書くときは同じ値にすること。例: 100",
    ),
    "final_target_text": ("最終目標（文章）", "年度を示さない、数値でない最終目標。例: 全市町村で導入"),
    "Indicator.note": ("測定方法の注", "値の測り方についての計画の注（※）"),
    "Indicator.kind": (
        "値の数え方",
        "per_year（単年度の値。例: 1,000人/年）または cumulative（累計。例: 75人（累計））",
    ),
    "repeats": ("再掲", "他の項目の指標を再掲するときの、その項目番号と指標の識別子"),
    "IndicatorRef.item": ("再掲元の項目番号", "再掲する指標がある項目の番号。例: 1-4"),
    "IndicatorRef.indicator": ("再掲元の指標", "再掲する指標の識別子。例: trained-staff"),
    "draft": (
        "次期計画の下書き",
        "actionplan init --next で作った下書きであることを示す。記載の項目数と年度別計画を埋めたら削除する",
    ),
    "carried_from": ("引き継ぎ元", "前の計画（名称・計画期間）と、その計画での項目番号"),
    "Draft.carried_from": ("引き継ぎ元の計画", "下書きの元になった計画の名称と計画期間"),
    "PlanRef.name": ("計画の名称", "元の計画の名称"),
    "PlanRef.start": ("計画期間の初年度", "元の計画の初年度。例: 2019"),
    "PlanRef.end": ("計画期間の最終年度", "元の計画の最終年度。例: 2021"),
    "CarriedFrom.plan": (
        "引き継ぎ元の計画",
        "前の計画の名称と計画期間。例: 杉並区情報化アクションプラン（2019～2021年度）",
    ),
    "renamed": (
        "組織改正",
        "名称を変えた（または統合した）主管課の一覧: 旧名称、新名称、日付。旧名称の調査票も読み込める",
    ),
    "DepartmentRename.old": ("旧名称", "組織改正前の主管課の名称"),
    "DepartmentRename.new": ("新名称", "組織改正後の主管課の名称（departments にある名称）"),
    "DepartmentRename.effective": ("実施日", "組織改正の日（YYYY-MM-DD）。例: 2026-04-01"),
    "CarriedFrom.id": ("引き継ぎ元の項目番号", "前の計画での項目番号。例: 1-2-4"),
}


def field_text(model_name: str, key: str) -> tuple[str, str] | None:
    """The Japanese title and description of ``key`` in the model named ``model_name``, if the table has it."""
    return FIELD_TEXT.get(f"{model_name}.{key}") or FIELD_TEXT.get(key)


def field_word(model_name: str, key: str) -> str:
    """A key as a message names it: the plan's word in Japanese (計画の名称 for PlanMeta's name), the key in English.

    English messages keep the YAML key, which is what an English reader types; the Japanese
    words live here, with the schema's hover texts, and not in the catalog.
    """
    text = field_text(model_name, key) if language() == "ja" else None
    return text[0] if text is not None else key


def key_and_word(model_name: str, key: str) -> str:
    """A key a user must write, with its word where the language has one: definition（説明）; definition in English."""
    word = field_word(model_name, key)
    return key if word == key else _("{key} ({word})").format(key=key, word=word)
