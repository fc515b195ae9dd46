from django.urls import path

from cadre.catalogue.views import courses, lifecycle, modules

app_name = "catalogue"
urlpatterns = [
    path("catalogue/", courses.course_list, name="course_list"),
    path("catalogue/courses/new/", courses.course_create, name="course_create"),
    path("catalogue/courses/<int:course_id>/", courses.course_detail, name="course_detail"),
    path("catalogue/courses/<int:course_id>/edit/", courses.course_edit, name="course_edit"),
    path(
        "catalogue/courses/<int:course_id>/objectives/", courses.course_objectives, name="course_objectives"
    ),
    path(
        "catalogue/courses/<int:course_id>/prerequisites/",
        courses.course_prerequisites,
        name="course_prerequisites",
    ),
    path("catalogue/courses/<int:course_id>/adopt/", courses.course_adopt, name="course_adopt"),
    path(
        "catalogue/courses/<int:course_id>/differences/",
        courses.course_differences,
        name="course_differences",
    ),
    path("catalogue/modules/", modules.module_list, name="module_list"),
    path("catalogue/modules/new/", modules.module_create, name="module_create"),
    path("catalogue/modules/<int:module_id>/", modules.module_detail, name="module_detail"),
    path("catalogue/modules/<int:module_id>/edit/", modules.module_edit, name="module_edit"),
    path("catalogue/modules/<int:module_id>/move/", modules.module_move, name="module_move"),
    path("catalogue/modules/<int:module_id>/download/", modules.module_download, name="module_download"),
    path("catalogue/<str:kind>/<int:item_id>/citations/", lifecycle.citation_add, name="citation_add"),
    path(
        "catalogue/<str:kind>/<int:item_id>/citations/<int:citation_id>/remove/",
        lifecycle.citation_remove,
        name="citation_remove",
    ),
    path("catalogue/<str:kind>/<int:item_id>/review/", lifecycle.content_review, name="content_review"),
    path("catalogue/editions/", lifecycle.edition_list, name="edition_list"),
    path(
        "catalogue/editions/<int:edition_id>/supersede/",
        lifecycle.edition_supersede,
        name="edition_supersede",
    ),
    path("catalogue/obsolescence/", lifecycle.obsolescence, name="obsolescence"),
    path("notices/", lifecycle.notice_list, name="notice_list"),
    path("notices/<int:notice_id>/read/", lifecycle.notice_read, name="notice_read"),
]
