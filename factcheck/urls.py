from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from factcheck.views import queue

urlpatterns = [
    path("", queue.review_queue, name="review-queue"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
