"""The core: what a mega-prompt is and how an interview captures one, in pure Python.

It owns the ten elements (anatomy, cues), the guides, the interview as a state machine, the reading of an
answer (reading: items, steps, conditions, substance), the follow-up budget (pacing), the probers, the assembly
of a MegaPrompt, the lint, version diffs, the access rule and the errors a person can cause. It imports nothing
of elicit outside itself, and none of streamlit, openai or sqlmodel: no database, no network, no UI, so every
part is tested by calling it.
"""
