"""Words that several evidence kinds' phrasings share (regular-expression fragments).

Each kind's own phrasings are in its module under :mod:`attrit.evidence.kinds`; the markers a
pattern matches figures with are in :mod:`attrit.evidence.extract.markers`.
"""

from __future__ import annotations

MUST = (
    r"(?:must|should|has to|have to|is required to|are required to|is meant to|are meant to|"
    r"has been ordered to|have been ordered to|needs? to|is supposed to|are supposed to|"
    r"is expected to|are expected to)"
)
FIELD = r"(?:provide|keep|hold|put|field|man|deploy|send|maintain|have|station)"
POST = (
    r"(?:(?:their|the|its|his) (?:posts?|positions?|units?|bases?|barracks|lines?|"
    r"front(?:line)?s?)|the front(?:line)?s?)"
)
WENT = r"(?:went|gone|were sent|had been sent|were granted|had been granted|left|go|take)"
BACK = r"(?:returned|came back|reported back|have returned|had returned|come back|return)"
FLED = (
    rf"(?:deserted|deserting|defected|defecting|absconded|(?:fled|left|abandoned|quit|"
    rf"deserted) {POST}|walked off|walked away|ran away|slipped away|went awol|gone awol|"
    rf"went absent|gone absent|went missing)"
)
CROSS = r"(?:fled|left|crossed|escaped|travelled|traveled|headed|went|emigrated)"
DEST = r"(?P<dest>(?:the\s+)?[a-z][\w'’\-]*(?:\s+(?:countries|region|[a-z][\w'’\-]*)){0,2})"
LOST = r"(?:lost|taken|stolen|skimmed|diverted|pocketed|siphoned off|disappeared)"
TAKE = (
    r"(?:take|takes|took|taking|keep|keeps|kept|keeping|skim|skims|skimmed|skimming|"
    r"pocket|pockets|pocketed|pocketing|divert|diverts|diverted|diverting|siphon|"
    r"siphons|siphoning|steal|steals|stole|stealing|withhold|withholds|withheld)"
)
UNPAID = (
    r"(?:(?:not|never|n't)\s+(?:been\s+)?(?:received|paid|had|got|gotten|seen)\b"
    r"(?:\s+(?:any|their|a|his|the)\b)?)"
)
