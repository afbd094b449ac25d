"""The report for the Mercociudades Council: an edition's figures from its real records (page,
PDF with charts, XLSX), small groups merged, and editions compared side by side."""
