from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def review_queue(request: HttpRequest) -> HttpResponse:
    return render(request, "queue.html", {})
