"""The relatoría: each ODS workshop's rapporteur records its proposals from a private link (saved
as typed, kept on the device without network); organisers review and publish them; the closing
plenary gets them all, in ODS order, as a page and a PDF."""
