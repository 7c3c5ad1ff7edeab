"""Word data for story clustering: the default stop words.

Kept apart from :mod:`factcheck.core.stories` so the code reads as code; the
list reaches the algorithm through ``StoryConfig.stop_words`` and a desk can
pass its own.

The list is English function words plus the boilerplate every news report
carries whatever it is about (reporting verbs, "news", weekdays, months,
number words). Content words that name things ("fire", "bill", "system") are
deliberately *not* here, unlike some generic lists: in news they tell stories
apart.

>>> "said" in STOP_WORDS and "fire" not in STOP_WORDS
True
"""

from __future__ import annotations

_FUNCTION = """
a about above across after afterwards again against ago all almost alone along already also although always am
among amongst an and another any anybody anyhow anyone anything anyway anywhere are aren around as at away back
be became because become becomes becoming been before beforehand behind being below beside besides between
beyond both but by can cannot cant could couldn did didn do does doesn doing don done down during each either
else elsewhere enough etc even ever every everybody everyone everything everywhere except few for former
formerly from further had hadn has hasn have haven having he hence her here hereby herein hers herself him
himself his how however i ie if in indeed into is isn it its itself just last latter least less let lets like
many may maybe me meanwhile might mine more moreover most mostly much must my myself neither never
nevertheless next no nobody none noone nor not nothing now nowhere of off often oh ok on once only onto or
other others otherwise ought our ours ourselves out over own per perhaps quite rather re really same shall
she should since so some somehow someone something sometime sometimes somewhat somewhere soon still such than
that the their theirs them themselves then thence there thereafter thereby therefore therein these they
this those though through throughout thru thus to together too toward towards under unless until up upon us
very via was wasn we well were weren what whatever when whenever where whereas whereby wherever whether which
while who whoever whole whom whose why will with within without won would wouldn yes yet you your yours
yourself yourselves s t d ll m ve re y
"""

# Words every report uses whatever it is about: reporting verbs and nouns,
# time words, number words, honorifics, web furniture.
_NEWS = """
said says say saying told tell tells telling according reported reports report reporting reporter reporters
added adding asked explained noted stated claimed claims claim announced confirmed comment comments commented
statement statements believe believed think thought know known want wanted seems seemed appear appears
appeared new news story stories article articles source sources photo photos image images video videos
picture pictures read click share shared post posted update updated live via
mr mrs ms dr sir
today yesterday tomorrow week weeks weekend month months year years day days time times hour hours minute
minutes morning afternoon evening night tonight earlier later recent recently currently
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
one two three four five six seven eight nine ten eleven twelve first second third hundred hundreds thousand
thousands million millions billion
get gets got getting make makes made making go goes going gone went come comes came coming take takes took
taken give gives gave given see sees saw seen look looks looked use used using way ways thing things lot
lots people also including include includes included"""

STOP_WORDS: frozenset[str] = frozenset((_FUNCTION + _NEWS).split())
