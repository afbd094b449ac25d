"""Attendance of online sessions, from the video platform's participant report."""
