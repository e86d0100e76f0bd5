"""Progress management (進捗管理): answers per item × fiscal year × 主管課.

records: checked input; ratings: rollups and 達成率; edit: comment-keeping YAML edits;
store: the locked, atomic, read-back save; sheets: the survey round trip. Import the
module you need: this package loads nothing by itself (ruamel and openpyxl stay lazy).
"""
