from django.urls import path

from cadre.home import views

app_name = "home"
urlpatterns = [
    path("", views.home, name="home"),
    # Browsers ask for /favicon.ico on pages without a <link rel=icon> (PDFs, feeds): no 404.
    path("favicon.ico", views.favicon, name="favicon"),
]
