"""The actor layer's parts: the actors stage (``eventwire.stages.actors``) resolves names against the knowledge
base; :mod:`eventwire.actors.phrases` resolves every other phrase that can name an actor ("Chinese officials",
"police in Minsk", "he") for the events stage to choose among."""
