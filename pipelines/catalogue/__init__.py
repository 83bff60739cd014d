"""The micro-credential catalogue: modules in the reader's language, their readiness to be
published (the Council Recommendation's elements and the consortium's own criteria) and their
export to the European Learning Model (ELM v3).

It may import words, access, intake, store, metrics and warehouse; reports, publish and the
command line import it."""
