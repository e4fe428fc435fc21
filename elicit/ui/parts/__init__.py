"""What the pages are made of: the wizard, the expert's review, Try it's parts, rows, downloads, identity."""
