# Odoo 16 sandbox image: the E2B template `omb-odoo-16` (e2b template build) and the Fly image
# (docker build + push to registry.fly.io). See ../README.md.
# Build context: this folder, after `npx tsx scripts/build-sandbox-proxy.ts 16` staged .build/
# (the preview proxy bundle and the shared in-sandbox scripts).
FROM debian:bookworm-slim

# Odoo 16: official nightly sdist 16.0.post20240327. Fetched at build time, never committed (docs/ODOO.md).
ARG ODOO_REPO=init-tech-solution/odoo-nightly
ARG ODOO_COMMIT=145acfbf9c8a107a2e2d5718fefaacee0ea39cc7
# Paths under the kept tree that are the repository owner's, not Odoo's.
ARG ODOO_DROP=""

ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8

# Debian's python3 packages (pip cannot be relied on), PostgreSQL, Node for the preview proxy.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl procps sudo nodejs \
      postgresql postgresql-client fonts-dejavu-core gsfonts python3-asn1crypto python3-babel \
      python3-cbor2 python3-chardet python3-cryptography python3-dateutil python3-decorator python3-docutils \
      python3-freezegun python3-geoip2 python3-gevent python3-greenlet python3-idna python3-jinja2 \
      python3-ldap python3-libsass python3-lxml python3-magic python3-markupsafe python3-num2words \
      python3-ofxparse python3-openpyxl python3-openssl python3-passlib python3-pil python3-polib \
      python3-psutil python3-psycopg2 python3-pydot python3-pypdf2 python3-qrcode python3-renderpm \
      python3-reportlab python3-requests python3-rjsmin python3-serial python3-setuptools python3-stdnum \
      python3-tz python3-urllib3 python3-usb python3-vobject python3-websocket python3-werkzeug \
      python3-xlrd python3-xlsxwriter python3-xlwt python3-zeep \
 && rm -rf /var/lib/apt/lists/*

# Only what runs Odoo is kept (odoo-bin, odoo/, addons/), never the repository's own extras; the
# tree is byte-compiled here because the `odoo` user cannot write __pycache__ into it.
RUN mkdir -p /tmp/src /opt/odoo \
 && curl -fsSL --retry 3 "https://codeload.github.com/${ODOO_REPO}/tar.gz/${ODOO_COMMIT}" \
    | tar -xz --strip-components=1 -C /tmp/src \
 && for keep in odoo-bin odoo addons LICENSE; do if [ -e "/tmp/src/$keep" ]; then mv "/tmp/src/$keep" /opt/odoo/; fi; done \
 && rm -rf /tmp/src \
 && if [ -n "$ODOO_DROP" ]; then cd /opt/odoo && rm -rf $ODOO_DROP; fi \
 && test -f /opt/odoo/odoo-bin \
 && (python3 -m compileall -q -j 0 /opt/odoo/odoo /opt/odoo/addons >/dev/null 2>&1 || true) \
 && chmod -R a+rX /opt/odoo

# `odoo` runs Odoo (and so the customer's module code); `omb-proxy` runs the preview proxy, whose
# key `odoo` cannot read. Neither is root.
RUN useradd --system --home-dir /var/lib/omb --create-home --shell /usr/sbin/nologin odoo \
 && useradd --system --no-create-home --shell /usr/sbin/nologin omb-proxy \
 && mkdir -p /opt/omb/addons /var/lib/omb/data /var/lib/omb/logs \
 && chown -R odoo:odoo /opt/omb/addons /var/lib/omb \
 && printf 'ODOO_VERSION=16\nODOO_ROOT=/opt/odoo\n' >/opt/omb/omb.env \
 && printf '[options]\n' >/opt/omb/odoo.conf

COPY .build/bin/ /opt/omb/bin/
COPY .build/omb-preview-proxy.mjs /opt/omb/omb-preview-proxy.mjs

# The template database every sandbox clones: base + mail.
RUN OMB_IMAGE_BUILD=1 /opt/omb/bin/build-template-db.sh base,mail

EXPOSE 8080
CMD ["/opt/omb/bin/start.sh"]
