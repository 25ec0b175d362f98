"""Meeting scheduler for symposiums: pure Python, OR-Tools CP-SAT, no Django.

Build an :class:`Instance` (or :func:`parse_instance` from JSON), then :func:`solve` it under a
time limit; :func:`plan_capacity` warns before booking opens. See ``docs/scheduling.md``.
"""

from sanxin.engines.scheduling.capacity import CapacityReport, plan_capacity
from sanxin.engines.scheduling.explain import REASONS, Unplaced
from sanxin.engines.scheduling.generator import generate_instance
from sanxin.engines.scheduling.instance import (
    FixedMeeting,
    Instance,
    InstanceError,
    Interpreter,
    Participant,
    Request,
    instance_to_dict,
    parse_instance,
)
from sanxin.engines.scheduling.result import Meeting, Schedule
from sanxin.engines.scheduling.solver import SolveOptions, solve

__all__ = [
    "REASONS",
    "CapacityReport",
    "FixedMeeting",
    "Instance",
    "InstanceError",
    "Interpreter",
    "Meeting",
    "Participant",
    "Request",
    "Schedule",
    "SolveOptions",
    "Unplaced",
    "generate_instance",
    "instance_to_dict",
    "parse_instance",
    "plan_capacity",
    "solve",
]
