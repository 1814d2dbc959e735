"""Question kinds: one class per kind of item owns how it is presented, answered, graded, studied
as a flashcard, exported, checked, labelled and edited.

A registry of small strategy classes keyed by ``Item.kind`` (the CTFd idea). Pure: no Flask, no
database. Quizzes, live sessions, study, reports and the content build all go through
``quizapp.items.kinds`` (the one home of the registry; import from it directly).
"""
