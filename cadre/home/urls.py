from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from cadre.home import views

app_name = "home"
urlpatterns = [
    path("", views.home, name="home"),
    # Browsers ask for /favicon.ico on pages without a <link rel=icon> (PDFs, feeds): no 404.
    path(
        "favicon.ico", RedirectView.as_view(url=static("cadre/favicon.svg"), permanent=True), name="favicon"
    ),
]
