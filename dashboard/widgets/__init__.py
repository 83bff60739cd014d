"""What pages draw: charts, tables, filters, status badges and messages (ui), the
accessibility additions (a11y), text shown literally (plain), the account box, and the
plain functions behind single pages (home_blocks, uploads, records_table, *_view)."""
