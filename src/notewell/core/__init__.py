"""Pure domain: models, formats, lexicons, extraction, drafting, checking, billing.

Nothing here touches a database, the network or a web framework.
"""
