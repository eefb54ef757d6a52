"""Word documents (python-docx) laid out as Nghị định 30/2020 says: notices, the report."""
