"""What a refused lookup raises: services raise ``NotFound``; Django's own ``Http404`` counts too."""

from django.http import Http404

from cadre.core.errors import NotFound

#: For ``pytest.raises(NOT_FOUND)``: missing and foreign ids answer alike, whichever layer refuses.
NOT_FOUND = (NotFound, Http404)
