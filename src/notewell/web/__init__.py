"""The web app: server-rendered pages (Jinja2, a few lines of script) and a JSON API.

Routes are thin: each resolves the signed-in Context from the session cookie and calls
one service; every access rule stays in `notewell.services`. Build it with
`notewell.web.app.create_app(db)`; `notewell serve` runs it.
"""
