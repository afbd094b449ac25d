from seminar import create_app

app = create_app()
