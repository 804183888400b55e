/*
 * Preloaded next to libasan when the stock (uninstrumented) PHP CLI loads an
 * ASan build of vtws. PHP opens every shared extension with RTLD_DEEPBIND,
 * which the sanitizer runtime refuses because deep binding would bypass its
 * malloc interceptors. Dropping the flag is harmless for PHP extensions: they
 * only need it to dodge symbol clashes between unrelated libraries.
 */
#define _GNU_SOURCE
#include <dlfcn.h>

typedef void *(*dlopen_fn)(const char *file, int mode);

void *dlopen(const char *file, int mode)
{
	static dlopen_fn next_dlopen;

	if (!next_dlopen) {
		next_dlopen = (dlopen_fn)dlsym(RTLD_NEXT, "dlopen");
	}
	return next_dlopen(file, mode & ~RTLD_DEEPBIND);
}
