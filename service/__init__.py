"""gov-report-docx: report JSON in, the official 政府信息公开工作年度报告 .docx out."""
