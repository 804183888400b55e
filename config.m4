dnl config.m4 for extension vtws

PHP_ARG_ENABLE([vtws],
  [whether to enable the vtws extension],
  [AS_HELP_STRING([--enable-vtws], [Enable vtws, the Vtiger CRM webservice client])],
  [no])

if test "$PHP_VTWS" != "no"; then
  PKG_PROG_PKG_CONFIG
  if test -z "$PKG_CONFIG"; then
    AC_MSG_ERROR([vtws needs pkg-config to find libcurl and OpenSSL; on Debian: apt-get install pkg-config])
  fi

  PKG_CHECK_MODULES([VTWS_CURL], [libcurl >= 7.61.0], [],
    [AC_MSG_ERROR([vtws needs libcurl 7.61 or newer with its headers; on Debian: apt-get install libcurl4-openssl-dev])])
  PKG_CHECK_MODULES([VTWS_OPENSSL], [openssl >= 1.1.1], [],
    [AC_MSG_ERROR([vtws needs OpenSSL 1.1.1 or newer with its headers; on Debian: apt-get install libssl-dev])])

  PHP_EVAL_INCLINE($VTWS_CURL_CFLAGS)
  PHP_EVAL_LIBLINE($VTWS_CURL_LIBS, VTWS_SHARED_LIBADD)
  PKG_CHECK_MODULES([VTWS_LIBXML], [libxml-2.0 >= 2.9.0], [],
    [AC_MSG_ERROR([vtws needs libxml2 with its headers (Sync Connector definitions); on Debian: apt-get install libxml2-dev])])

  PHP_EVAL_INCLINE($VTWS_OPENSSL_CFLAGS)
  PHP_EVAL_LIBLINE($VTWS_OPENSSL_LIBS, VTWS_SHARED_LIBADD)
  PHP_EVAL_INCLINE($VTWS_LIBXML_CFLAGS)
  PHP_EVAL_LIBLINE($VTWS_LIBXML_LIBS, VTWS_SHARED_LIBADD)
  PHP_SUBST(VTWS_SHARED_LIBADD)

  PHP_ADD_EXTENSION_DEP(vtws, json)
  PHP_ADD_EXTENSION_DEP(vtws, date)

  VTWS_SOURCES="vtws.c \
    src/errors.c \
    src/http.c \
    src/auth.c \
    src/encode.c \
    src/decode.c \
    src/typed.c \
    src/vtql.c \
    src/options.c \
    src/client.c \
    src/client_records.c \
    src/row_iterator.c \
    src/client_bulk.c \
    src/client_files.c \
    src/upload.c \
    src/client_typed.c \
    src/pool.c \
    src/registry.c \
    src/db.c \
    src/registry_check.c \
    src/transport_local.c \
    src/synergy_client.c \
    src/synergy_auth.c \
    src/synergy_call.c \
    src/synergy_records.c \
    src/synergy_filter.c \
    src/sync_state.c \
    src/sync_state_file.c \
    src/sync_state_pdo.c \
    src/sync_value.c \
    src/sync_model.c \
    src/sync_load.c \
    src/sync_request.c \
    src/sync_crypto.c \
    src/sync_http.c \
    src/sync_engine.c \
    src/sync_connector.c"

  PHP_NEW_EXTENSION(vtws, $VTWS_SOURCES, $ext_shared,, -DZEND_ENABLE_STATIC_TSRMLS_CACHE=1 -Wall -Wextra -Wno-unused-parameter)
  PHP_ADD_BUILD_DIR($ext_builddir/src)
  PHP_ADD_INCLUDE($ext_srcdir)
fi
