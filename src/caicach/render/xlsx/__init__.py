"""Workbooks (openpyxl): the status workbook, its layout and print settings, the report form."""
