"""Child process of the durability test: saves drafts until it is killed.

After each committed save it prints one line and flushes, so every line the parent
reads is a save the store acknowledged:
    saved NOTE VERSION SHA256      a new version of an existing draft
    created NOTE SHA256            a new draft (version 1)
    private NOTE                   a psychotherapy note (encrypted)
The store comes from the NOTEWELL_* environment, as for the `notewell` command. All
text is SYNTHETIC.
"""

from __future__ import annotations

import hashlib
import sys

from notewell.services import auth, notes, private_notes
from notewell.store.database import open_database


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def main() -> None:
    user, client, note_id = sys.argv[1], sys.argv[2], int(sys.argv[3])
    password = sys.stdin.readline().rstrip("\n")
    ctx = auth.sign_in(open_database(), user, password, origin="durability-test").context
    version = notes.show_note(ctx, note_id).version
    for i in range(1_000_000):
        if i % 9 == 4:
            text = f"SYNTHETIC new draft {i}: client practised paced breathing.\n"
            created = notes.create_note(ctx, client, text, "dap")
            print(f"created {created.note_id} {sha(text)}", flush=True)
        elif i % 13 == 6:
            private_id = private_notes.create_private_note(ctx, client, f"SYNTHETIC private {i}")
            print(f"private {private_id}", flush=True)
        else:
            # Varying lengths: some saves span several pages of the database.
            text = f"SYNTHETIC autosave {i}: client reviewed the thought record.\n" + "x" * (
                (i * 997) % 9000
            )
            version = notes.save_note(ctx, note_id, text, version).version
            print(f"saved {note_id} {version} {sha(text)}", flush=True)


if __name__ == "__main__":
    main()
