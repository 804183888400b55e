/*
 * Synergy! authorisation: access tokens of the OAuth 2.0 client-credentials grant, cached
 * per process and shared by every client with the same credentials, and the client-side
 * rate bucket.
 */
#ifndef VTWS_SYNERGY_AUTH_H
#define VTWS_SYNERGY_AUTH_H

#include "synergy.h"

/* The cache key of a set of credentials: a hash, so the secret itself is never a key. */
zend_string *vtws_synergy_token_key(const vtws_synergy_client *client);

/* The client's access token (a new reference), from the cache or freshly fetched.
 * NULL after throwing. */
zend_string *vtws_synergy_token(vtws_synergy_client *client);

/* After a 401: drops the cached token unless another client has already replaced it. */
void vtws_synergy_token_invalidate(vtws_synergy_client *client, const zend_string *used);

/* Whether the process holds a valid cached token for the client. */
bool vtws_synergy_token_cached(const vtws_synergy_client *client);

/* Drops every cached token of the process. */
void vtws_synergy_tokens_forget(void);

/* Frees the cache (module globals destructor). */
void vtws_synergy_tokens_free(HashTable **cache);

void vtws_synergy_bucket_init(vtws_synergy_bucket *bucket, double rate, double burst);

/* Takes one request from the bucket, sleeping until one is available. */
void vtws_synergy_bucket_take(vtws_synergy_bucket *bucket);

/* The server's bucket is empty (429): start from nothing so the next ones are spaced out. */
void vtws_synergy_bucket_drain(vtws_synergy_bucket *bucket);

#endif
