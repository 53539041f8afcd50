"""Peer (a): a naive Django REST framework app (its own settings, unmanaged models on the
product's tables): ListAPIView + ModelSerializer + CursorPagination, standard DRF auth classes.

    BENCH_DB=postgres://… DJANGO_SETTINGS_MODULE=bench.peers.drf.settings \
        gunicorn -w 2 -k gthread --threads 4 bench.peers.drf.wsgi:application
"""
