# The linear strategy, run through Mitogen for Ansible (the `mitogen` package pinned
# in requirements-dev.txt): one Python interpreter per server for the whole run
# instead of a new one per task, so a task costs tens of milliseconds instead of
# about 0.4 s (measured on the demo VPS: a no-op site.yml went from 104 s to 48 s).
# ansible.cfg selects it; ANSIBLE_STRATEGY=linear runs without it. Mitogen
# accelerates the connections named `ssh`, `local` and `docker` (not the
# fully qualified community.docker.docker, which it leaves to Ansible).
# Known limit (Mitogen 0.3.54, measured): an async task running a community.docker
# module never reports its end; an async `command` does. No task here combines them.
from ansible_mitogen.plugins.strategy.mitogen_linear import StrategyModule  # noqa: F401
