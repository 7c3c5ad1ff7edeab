import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, the word tables) lives as long as the process:
# frozen, the cyclic collector's full passes skip it, so a request that makes many objects (the
# fact table of a big story) is not held up by a pass over the whole application.
gc.collect()
gc.freeze()
