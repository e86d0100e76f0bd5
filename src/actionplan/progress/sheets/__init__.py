"""Survey sheets (進捗状況調査票): one per 主管課 to fill in and print, read back and checked row by row.

layout  what writer and reader agree on: headings, columns, the 調査票ID, file formats
write   a sheet as data (build) and as CSV or xlsx bytes
read    a file into text cells (Grid), with its size limits
check   a Grid against the plan: the answers it holds and the problems of each row
"""
