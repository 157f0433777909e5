"""The phrasings of each evidence kind: patterns over a sentence's template (see markers).

Each pattern names its figures and carries a confidence: high for a phrasing that leaves one
reading, lower for a generic one. Vocabulary shared by several kinds sits at the top.
"""

from __future__ import annotations

import re

from attrit.evidence.extract.markers import (
    GAP,
    LOOSE,
    NOT_BACK,
    PAPER,
    PAY,
    PEOPLE,
    RATE,
    REST,
    SHARE,
    D,
    M,
    N,
    P,
    Q,
    Rule,
    W,
    _counts,
    _months,
    _returned_from_missing,
    _returned_from_share,
    _share,
    _wage_kept,
)

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


def _rules() -> list[Rule]:
    def r(kind: str, name: str, pattern: str, confidence: float, fields) -> Rule:
        return Rule(kind, name, re.compile(pattern), confidence, fields)

    went = r"(?:went|gone|were sent|had been sent|were granted|had been granted|left|go|take)"
    back = r"(?:returned|came back|reported back|have returned|had returned|come back|return)"
    fled = (
        rf"(?:deserted|deserting|defected|defecting|absconded|(?:fled|left|abandoned|quit|"
        rf"deserted) {POST}|walked off|walked away|ran away|slipped away|went awol|gone awol|"
        rf"went absent|gone absent|went missing)"
    )
    cross = r"(?:fled|left|crossed|escaped|travelled|traveled|headed|went|emigrated)"
    dest = r"(?P<dest>(?:the\s+)?[a-z][\w'’\-]*(?:\s+(?:countries|region|[a-z][\w'’\-]*)){0,2})"
    lost = r"(?:lost|taken|stolen|skimmed|diverted|pocketed|siphoned off|disappeared)"
    take = (
        r"(?:take|takes|took|taking|keep|keeps|kept|keeping|skim|skims|skimmed|skimming|"
        r"pocket|pockets|pocketed|pocketing|divert|diverts|diverted|diverting|siphon|"
        r"siphons|siphoning|steal|steals|stole|stealing|withhold|withholds|withheld)"
    )
    unpaid = (
        r"(?:(?:not|never|n't)\s+(?:been\s+)?(?:received|paid|had|got|gotten|seen)\b"
        r"(?:\s+(?:any|their|a|his|the)\b)?)"
    )
    return [
        # -- leave_return
        r(
            "leave_return",
            "of-the-N-who-went-on-leave",
            rf"of (?:the )?{N('went')} {P}?{W}{{0,3}}?(?:that|who) (?:had )?{went} "
            rf"(?:home )?(?:on|for) leave\b{GAP}{Q}{N('returned')} {W}{{0,2}}?{back}",
            0.9,
            _counts("went", "returned", rename={"went": "went_on_leave"}),
        ),
        r(
            "leave_return",
            "of-the-N-granted-leave",
            rf"of (?:the )?{N('went')} {P}?(?:granted|given|sent on|allowed) leave\b{GAP}{Q}"
            rf"{N('returned')} {W}{{0,2}}?{back}",
            0.85,
            _counts("went", "returned", rename={"went": "went_on_leave"}),
        ),
        r(
            "leave_return",
            "M-of-N-on-leave-came-back",
            rf"{Q}{N('returned')} of (?:the |those )?{N('went')} {P}?(?:who |that )?"
            rf"(?:went |were )?(?:on |granted |sent on )?leave {W}{{0,2}}?{back}",
            0.85,
            _counts("went", "returned", rename={"went": "went_on_leave"}),
        ),
        r(
            "leave_return",
            "N-went-on-leave-M-came-back",
            rf"{N('went')} {P}?{went} (?:home )?on leave\b{GAP}{Q}{N('returned')} "
            rf"{W}{{0,2}}?{back}",
            0.8,
            _counts("went", "returned", rename={"went": "went_on_leave"}),
        ),
        r(
            "leave_return",
            "of-N-given-leave-M-failed-to-return",
            rf"of (?:the )?{N('went')} {GAP}(?:given|granted|sent on|who went on|allowed)\s+"
            rf"(?:{W}{{0,2}}?)?{REST}{GAP}{Q}{N('missing')} {P}?(?:have |had )?{NOT_BACK}",
            0.8,
            _returned_from_missing,
        ),
        r(
            "leave_return",
            "share-of-the-N-on-leave-not-back",
            rf"{SHARE('share')} of (?:the )?{N('went')} {P}?(?:who were |who went |sent |granted |"
            rf"given )?(?:on )?(?:home )?{REST}{GAP}(?:have |had )?{NOT_BACK}",
            0.8,
            _returned_from_share,
        ),
        # -- quota_fill
        r(
            "quota_fill",
            "must-provide-N-but-only-M",
            rf"{MUST} {W}{{0,2}}?{FIELD} {N('quota')}{GAP}\b(?:but|yet|however)\b{GAP}"
            rf"{Q}{N('sent')}",
            0.9,
            _counts("quota", "sent"),
        ),
        r(
            "quota_fill",
            "meant-to-put-N-manages-M",
            rf"{MUST} {W}{{0,2}}?{FIELD} {N('quota')}{GAP}(?:manages?|managing|can field|"
            rf"only manages?|is able to send|are able to send)\s+(?:only\s+|no more than\s+)?"
            rf"{N('sent')}",
            0.85,
            _counts("quota", "sent"),
        ),
        r(
            "quota_fill",
            "with-M-against-a-requirement-of-N",
            rf"with {N('sent')} {P}?,?\s*(?:against|short of|out of) (?:a |the )?(?:requirement|"
            rf"quota|target|establishment) of {N('quota')}",
            0.85,
            _counts("quota", "sent"),
        ),
        r(
            "quota_fill",
            "quota-of-N-only-M",
            rf"quota of {N('quota')}{GAP}\b(?:only|but|yet)\b{GAP}{N('sent')}",
            0.8,
            _counts("quota", "sent"),
        ),
        # -- desertion_count
        r(
            "desertion_count",
            "N-has-seen-M-of-its-members-desert",
            rf"{N('of')} {P}{GAP}\b(?:seen|lost|had|has had)\s+{Q}{N('deserted')} of (?:its|their|"
            rf"them|whom)\b{GAP}(?:desert|fle[de]|defect|abandon)",
            0.9,
            _counts("deserted", "of"),
        ),
        r(
            "desertion_count",
            "N-a-week-fail-to-report-back",
            rf"{N('deserted')} {P}?{RATE}\s+(?:{W}{{0,2}})?(?:fail to (?:report back|return)|"
            rf"do not (?:report back|return)|desert|defect|abscond)",
            0.7,
            _counts("deserted"),
        ),
        r(
            "desertion_count",
            "N-deserted",
            rf"{N('deserted')} {P}?{W}{{0,4}}?(?:who |that )?(?:have |had |has )?(?:been )?{fled}",
            0.8,
            _counts("deserted"),
        ),
        r(
            "desertion_count",
            "lost-N-to-desertion",
            rf"(?:lost|lose|loses|losing) {Q}{N('deserted')} {P}?to (?:desertion|defection)",
            0.85,
            _counts("deserted"),
        ),
        r(
            "desertion_count",
            "every-month-we-lose-N-to",
            rf"(?P<rate>every|each|a|per) (?P<per>day|week|month|year),? {W}{{0,3}}?(?:lose|loses|"
            rf"lost) {Q}{N('deserted')} {P}?to\b",
            0.65,
            _counts("deserted"),
        ),
        # -- group_departure
        r(
            "group_departure",
            "N-members-fled-to-somewhere",
            rf"{N('count')} (?:{P}|members )(?:{W}{{0,5}}?)?{cross}\b{GAP}\b(?:to|for|into|towards)"
            rf"\s+{dest}",
            0.8,
            _counts("count"),
        ),
        # -- strength
        r(
            "strength",
            "those-remaining-numbered-N",
            rf"(?:those|the) remaining (?:{W}{{0,2}})?(?:numbered|number|numbering|were|are|"
            rf"totalled|totaled)\s+(?:at\s+)?{Q}{N('strength')}",
            0.9,
            _counts("strength"),
        ),
        r(
            "strength",
            "now-counts-N-men",
            rf"(?<!should )(?<!would )(?<!nominally )(?:now\s+)?(?:counts|numbers|numbered|"
            rf"totals|totalled|has|had|have|fields|fielded|musters|mustered)\s+{Q}{N('strength')}"
            rf"(?: {PEOPLE}\b| on (?:strength|its rolls|the rolls)|(?=[,.;]|$)){PAPER}",
            0.8,
            _counts("strength"),
        ),
        r(
            "strength",
            "N-reported-for-duty",
            rf"{Q}{N('strength')} {P}?(?:were |are |was )?(?:actually |still )?(?:present|"
            rf"reported for duty|report for duty|on (?:strength|its rolls|the rolls)|"
            rf"under arms|remain(?:ed)?\b){PAPER}",
            0.8,
            _counts("strength"),
        ),
        r(
            "strength",
            "down-to-N",
            rf"(?:is|are|was|were|has been|had been|now)\s+(?:now\s+)?(?:down|reduced|dwindled|"
            rf"shrunk|whittled down)\s+to\s+{Q}{N('strength')}",
            0.8,
            _counts("strength"),
        ),
        r(
            "strength",
            "N-show-up-for-duty",
            rf"{Q}{N('strength')} {P}?(?:actually\s+)?(?:show up|shows up|showed up|turn up|"
            rf"turns up|turned up|report|reported|reports)(?: for (?:work|duty))?\b",
            0.75,
            _counts("strength"),
        ),
        r(
            "strength",
            "a-census-counted-N",
            rf"(?:census|head ?count|roll ?call|muster)\b{GAP}(?:counted|found|showed|recorded)\s+"
            rf"{Q}{N('strength')}",
            0.8,
            _counts("strength"),
        ),
        r(
            "strength",
            "of-N-fighters",
            rf"^of {Q}{N('strength')} {PEOPLE},",
            0.55,
            _counts("strength"),
        ),
        # -- pay_arrears
        r(
            "pay_arrears",
            "not-paid-for-N-months",
            rf"{unpaid}\s*(?:{W}{{0,2}}?)?(?:{PAY}\s+)?(?:for|in)\s+{Q}{D('months')}",
            0.85,
            _months,
        ),
        r(
            "pay_arrears",
            "N-months-without-pay",
            rf"{Q}{D('months')}\s+without\s+(?:{W}{{0,3}}?){PAY}",
            0.85,
            _months,
        ),
        r(
            "pay_arrears",
            "N-months-since-not-paid",
            rf"{Q}{D('months')} since {GAP}{unpaid}{GAP}{PAY}",
            0.7,
            _months,
        ),
        r(
            "pay_arrears",
            "pay-unpaid-for-N-months",
            rf"{PAY}\s+(?:went|have gone|had gone|have been|has been|were|was|have remained)\s+"
            rf"(?:unpaid|in arrears|outstanding)\s+for\s+{Q}{D('months')}",
            0.85,
            _months,
        ),
        r(
            "pay_arrears",
            "unpaid-for-N-months",
            rf"(?:unpaid|without pay|without (?:their )?salar\w+|in arrears)\s+for\s+"
            rf"{Q}{D('months')}",
            0.8,
            _months,
        ),
        r(
            "pay_arrears",
            "pay-is-N-months-late",
            rf"{PAY}{LOOSE}(?:are|is|were|was|have been|has been|running|now)\s+{Q}{D('months')}\s+"
            rf"(?:late|overdue|behind|in arrears)",
            0.8,
            _months,
        ),
        r(
            "pay_arrears",
            "owed-N-months-of-pay",
            rf"(?:owed|arrears of)\s+{Q}{D('months')}\s+(?:of\s+)?(?:{W}{{0,2}}?){PAY}",
            0.85,
            _months,
        ),
        # -- skim_fraction
        r(
            "skim_fraction",
            "take-N-percent-of-pay",
            rf"{take}\s+(?:as much as\s+|between\s+)?{Q}{SHARE('share')}\s+(?:of\s+)?"
            rf"(?:(?:the |each |every |their |his |a )?(?:{W}{{0,2}}?){PAY}|"
            rf"what is (?:sent|paid|meant) for the (?:troops|men|soldiers|fighters))",
            0.85,
            _share,
        ),
        r(
            "skim_fraction",
            "N-percent-of-pay-is-lost",
            rf"{Q}{SHARE('share')}\s+of\s+(?:the |their |each |every )?(?:{W}{{0,2}}?){PAY}\s+"
            rf"(?:has been|have been|is|was|were|are|gets?|got|being)\s+[\"“”'‘’]?{lost}",
            0.8,
            _share,
        ),
        r(
            "skim_fraction",
            "of-a-wage-of-X-they-receive-Y",
            rf"(?:wage|salary|pay) of {M('wage')}{GAP}(?:receive|get|are paid|see)\s+{Q}{M('got')}",
            0.7,
            _wage_kept,
        ),
        # -- casualties
        r(
            "casualties",
            "N-killed-and-M-wounded",
            rf"{N('killed')} {P}?(?:were |had been |have been )?(?:killed|dead)(?:,)? and "
            rf"{N('wounded')} {P}?(?:were |have been )?(?:wounded|injured)",
            0.9,
            _counts("killed", "wounded"),
        ),
        r(
            "casualties",
            "killing-N-and-wounding-M",
            rf"killing {N('killed')} {P}?and (?:wounding|injuring) {N('wounded')}",
            0.9,
            _counts("killed", "wounded"),
        ),
        r(
            "casualties",
            "N-killed",
            rf"{N('killed')} {P}?(?:were |had been |have been |was )?(?:killed|dead)\b",
            0.75,
            _counts("killed"),
        ),
        r(
            "casualties",
            "N-wounded",
            rf"{N('wounded')} {P}?(?:were |had been |have been )?(?:wounded|injured)\b",
            0.7,
            _counts("wounded"),
        ),
        r(
            "casualties",
            "lost-N-soldiers",
            rf"\blost {Q}{N('killed')} {P}(?!to )",
            0.5,
            _counts("killed"),
        ),
        # -- recruitment
        r(
            "recruitment",
            "recruited-N",
            rf"(?:recruit|recruits|recruited|recruiting|enlist|enlists|enlisted|took in|takes in|"
            rf"take in|signed up|conscripted|drafted|mobilised|mobilized|called up|call up|"
            rf"calls up|inducted|enrolled)\s+{Q}{N('recruits')}"
            rf"(?! {W}{{0,2}}?(?:killed|dead|wounded))(?: {P}?{RATE})?",
            0.8,
            _counts("recruits"),
        ),
        r(
            "recruitment",
            "N-recruits-joined",
            rf"{Q}{N('recruits')} (?:new )?(?:recruits|volunteers|conscripts) (?:have |had )?"
            rf"(?:joined|enlisted|were enlisted|signed up|arrived|were trained|reported)",
            0.8,
            _counts("recruits"),
        ),
        r(
            "recruitment",
            "sent-N-recruits-for-training",
            rf"sent {Q}{N('recruits')} (?:new )?(?:recruits|volunteers|conscripts) (?:for|to) "
            rf"(?:training|be trained)",
            0.75,
            _counts("recruits"),
        ),
    ]


RULES = _rules()
QUOTA_DEMAND = re.compile(rf"{MUST} {W}{{0,2}}?{FIELD}\s+{Q}{N('quota')}")
QUOTA_SUPPLY = re.compile(
    rf"(?:(?:can|could|are able to|is able to|manage to|manages to)\s+(?:only |rarely |barely |"
    rf"seldom |hardly |usually )?(?:muster|field|send|provide|put|deploy|raise|find)\s+"
    rf"(?:more than |over |only |about |around )?{N('sent')}|only {N('sent2')} {P}?(?:are|were|is)"
    rf" (?:deployed|present|at the front|on the line))"
)
"""A quota stated in one sentence and the men sent in the next ("... must keep 400 on the
front. Its commanders can rarely muster more than 250.")."""
KINDS = tuple(dict.fromkeys(rule.kind for rule in RULES))
