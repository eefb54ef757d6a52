"""What a plan is: models of the files, milestones and deadline phrases, the agency registry,
the Vietnamese words for statuses and entries, and resolving a plan into tracked items. Pure:
nothing here reads a file."""
