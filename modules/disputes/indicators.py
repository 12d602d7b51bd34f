"""The collective labour disputes registered, computed from the disputes (see
modules.indicators.computing): every dispute here is collective (a union or a group of workers against
an employer), counted by the date it was reported, as in the module's tables. A dispute later withdrawn
was still received: the tables count it too, under its outcome."""

from modules.disputes.models import Dispute
from modules.indicators.computing import Computation

RECEIVED = Computation("DSP_RECV_NOC_NB", Dispute.objects.all, "reported_on")
