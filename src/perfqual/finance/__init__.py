"""Money of the tenants' balance: exact ledger (Decimal), useful area and rent cap, 3e ligne."""
