from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from factcheck.views import articles, check_copy, claims, follows, health, queue, stories, track_record

urlpatterns = [
    path("", queue.review_queue, name="review-queue"),
    path("queue/counts/", queue.queue_counts, name="queue-counts"),
    path("queue/bulk-verdict/", queue.bulk_verdict, name="claim-bulk-verdict"),
    path("queue/export.csv", queue.export_csv, name="queue-export-csv"),
    path("queue/claimreview.jsonld", queue.export_claimreview, name="queue-export-claimreview"),
    path("claims/<int:pk>/", claims.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/verdict/", claims.claim_verdict, name="claim-verdict"),
    path("claims/<int:pk>/note/", claims.claim_note, name="claim-note"),
    path("claims/<int:pk>/copies/verdict/", claims.claim_copies_verdict, name="claim-copies-verdict"),
    path("articles/<int:pk>/", articles.article_detail, name="article-detail"),
    path("articles/<int:pk>/story/", stories.article_move_story, name="article-move-story"),
    path("stories/", stories.story_list, name="story-list"),
    path("stories/<int:pk>/", stories.story_detail, name="story-detail"),
    path("stories/<int:pk>/merge/", stories.story_merge, name="story-merge"),
    path("findings/<int:pk>/decision/", stories.finding_decision, name="finding-decision"),
    path("check/", check_copy.check_copy, name="check-copy"),
    path("check/keep/", check_copy.check_copy_keep, name="check-copy-keep"),
    path("follows/", follows.follow_list, name="follow-list"),
    path("follows/sources/<int:pk>/", follows.follow_source, name="follow-source"),
    path("follows/speakers/<int:pk>/", follows.follow_speaker, name="follow-speaker"),
    path("sources/<int:pk>/record/", track_record.source_record, name="source-record"),
    path("speakers/<int:pk>/record/", track_record.speaker_record, name="speaker-record"),
    path("healthz", health.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", include("factcheck.api.urls")),  # the JSON API (factcheck/api)
]
