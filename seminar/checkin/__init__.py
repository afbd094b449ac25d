"""Check-in at the door: scans, attendance per day, the station app and the live dashboard."""
