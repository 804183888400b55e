/*
 * Vtws\Sync\FileState: the state document as one JSON file.
 *
 * The object takes an exclusive flock() on "<path>.lock" when it is constructed and keeps it
 * until it is destroyed: a run holds its connector's state for its whole length, so a second
 * run of the same connector fails at once instead of interleaving its writes. flock() rather
 * than fcntl() locks, because fcntl() locks belong to the process (a second FileState in the
 * same process would not be refused, and closing it would drop the first one's lock).
 *
 * Holding the lock also makes the object the only writer, so it keeps the document in memory
 * after the first read, and it can use one fixed temporary name, "<path>.tmp": a leftover of a
 * killed run is simply replaced.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "main/fopen_wrappers.h"
#include "zend_exceptions.h"
#include "zend_smart_str.h"
#include "ext/standard/flock_compat.h"
#include <fcntl.h>
#include <errno.h>
#include <sys/stat.h>
#ifndef PHP_WIN32
#include <unistd.h>
#endif

#include "sync_state.h"
#include "decode.h"
#include "encode.h"

#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif
#ifndef O_BINARY
#define O_BINARY 0
#endif

typedef struct {
	zend_string *path; /* absolute */
	int lock_fd; /* -1 when not held */
	zval document; /* UNDEF until read */
	zend_object std;
} vtws_file_state;

static zend_object_handlers file_state_handlers;

static inline vtws_file_state *file_state_from_obj(zend_object *obj)
{
	return (vtws_file_state *) ((char *) obj - XtOffsetOf(vtws_file_state, std));
}

static zend_object *file_state_create(zend_class_entry *ce)
{
	vtws_file_state *state = zend_object_alloc(sizeof(vtws_file_state), ce);

	zend_object_std_init(&state->std, ce);
	object_properties_init(&state->std, ce);
	state->std.handlers = &file_state_handlers;
	state->lock_fd = -1;
	ZVAL_UNDEF(&state->document);
	return &state->std;
}

static void file_state_free(zend_object *obj)
{
	vtws_file_state *state = file_state_from_obj(obj);

	if (state->lock_fd >= 0) {
		close(state->lock_fd); /* releases the flock() */
	}
	if (state->path) {
		zend_string_release(state->path);
	}
	zval_ptr_dtor(&state->document);
	zend_object_std_dtor(obj);
}

void vtws_file_state_setup_class(zend_class_entry *ce)
{
	ce->create_object = file_state_create;
	memcpy(&file_state_handlers, &std_object_handlers, sizeof(zend_object_handlers));
	file_state_handlers.offset = XtOffsetOf(vtws_file_state, std);
	file_state_handlers.free_obj = file_state_free;
	file_state_handlers.clone_obj = NULL;
	file_state_handlers.compare = zend_objects_not_comparable;
}

static vtws_file_state *file_state_this(zval *this_zv)
{
	vtws_file_state *state = file_state_from_obj(Z_OBJ_P(this_zv));
	if (!state->path) {
		zend_throw_error(NULL, "Vtws\\Sync\\FileState was not constructed");
		return NULL;
	}
	return state;
}

/* ---- the lock ---------------------------------------------------------------------- */

static zend_result take_lock(vtws_file_state *state)
{
	zend_string *lock_path = zend_string_concat2(ZSTR_VAL(state->path), ZSTR_LEN(state->path),
		".lock", sizeof(".lock") - 1);
	int fd = open(ZSTR_VAL(lock_path), O_RDWR | O_CREAT | O_CLOEXEC | O_BINARY, 0666);

	if (fd < 0) {
		vtws_state_throw(NULL, "Cannot open the state lock %s: %s", ZSTR_VAL(lock_path),
			strerror(errno));
		zend_string_release(lock_path);
		return FAILURE;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int error = errno;
		close(fd);
		if (error == EWOULDBLOCK) {
			vtws_state_throw(NULL,
				"The state is in use: another run holds the lock %s on the state %s",
				ZSTR_VAL(lock_path), ZSTR_VAL(state->path));
		} else {
			vtws_state_throw(NULL, "Cannot lock %s: %s", ZSTR_VAL(lock_path), strerror(error));
		}
		zend_string_release(lock_path);
		return FAILURE;
	}
	zend_string_release(lock_path);
	state->lock_fd = fd;
	return SUCCESS;
}

ZEND_METHOD(Vtws_Sync_FileState, __construct)
{
	vtws_file_state *state = file_state_from_obj(Z_OBJ_P(ZEND_THIS));
	zend_string *path;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_PATH_STR(path)
	ZEND_PARSE_PARAMETERS_END();

	if (state->path) {
		zend_throw_error(NULL, "Vtws\\Sync\\FileState is already constructed");
		RETURN_THROWS();
	}
	if (ZSTR_LEN(path) == 0) {
		zend_argument_value_error(1, "must not be empty");
		RETURN_THROWS();
	}
	if (php_check_open_basedir(ZSTR_VAL(path))) {
		RETURN_THROWS();
	}
	/* Absolute, so that a chdir() during the run cannot move the state. */
	char *absolute = expand_filepath(ZSTR_VAL(path), NULL);
	if (!absolute) {
		vtws_state_throw(NULL, "Cannot resolve the state path %s", ZSTR_VAL(path));
		RETURN_THROWS();
	}
	state->path = zend_string_init(absolute, strlen(absolute), 0);
	efree(absolute);
	if (take_lock(state) == FAILURE) {
		zend_string_release(state->path);
		state->path = NULL;
		RETURN_THROWS();
	}
}

/* ---- reading ----------------------------------------------------------------------- */

static zend_result read_all(int fd, zend_string **out)
{
	smart_str text = {0};
	char buffer[8192];

	for (;;) {
		ssize_t n = read(fd, buffer, sizeof(buffer));
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n < 0) {
			smart_str_free(&text);
			return FAILURE;
		}
		if (n == 0) {
			break;
		}
		smart_str_appendl(&text, buffer, (size_t) n);
	}
	*out = text.s ? smart_str_extract(&text) : ZSTR_EMPTY_ALLOC();
	return SUCCESS;
}

/* A syntax error becomes a StateException naming the file and the offset, with the
 * decoder's ProtocolException as previous. */
static zend_result decode_document(vtws_file_state *state, zend_string *text, zval *document)
{
	if (vtws_decode_or_throw(document, ZSTR_VAL(text), ZSTR_LEN(text), ZSTR_VAL(state->path)) ==
		SUCCESS) {
		return SUCCESS;
	}
	zend_object *cause = EG(exception);
	GC_ADDREF(cause);
	zend_clear_exception();
	zval rv;
	zend_string *message = zval_get_string(
		zend_read_property(cause->ce, cause, "message", sizeof("message") - 1, true, &rv));
	vtws_state_throw(cause, "Corrupt state file %s", ZSTR_VAL(message));
	zend_string_release(message);
	return FAILURE;
}

static zend_result check_document(vtws_file_state *state, zval *document)
{
	if (Z_TYPE_P(document) != IS_ARRAY ||
		(zend_hash_num_elements(Z_ARRVAL_P(document)) > 0 &&
			zend_array_is_list(Z_ARRVAL_P(document)))) {
		vtws_state_throw(NULL,
			"The state file %s is not a state document: a JSON object is "
			"expected, %s found",
			ZSTR_VAL(state->path), zend_zval_type_name(document));
		return FAILURE;
	}
	zend_string *problem = vtws_state_document_problem(Z_ARRVAL_P(document));
	if (problem) {
		vtws_state_throw(NULL, "The state file %s is not a state document: %s",
			ZSTR_VAL(state->path), ZSTR_VAL(problem));
		zend_string_release(problem);
		return FAILURE;
	}
	return SUCCESS;
}

static zend_result read_document(vtws_file_state *state)
{
	zend_string *text;
	zval document;

	if (!Z_ISUNDEF(state->document)) {
		return SUCCESS;
	}
	int fd = open(ZSTR_VAL(state->path), O_RDONLY | O_CLOEXEC | O_BINARY);
	if (fd < 0 && errno == ENOENT) {
		ZVAL_EMPTY_ARRAY(&state->document);
		return SUCCESS;
	}
	if (fd < 0 || read_all(fd, &text) == FAILURE) {
		vtws_state_throw(NULL, "Cannot read the state file %s: %s", ZSTR_VAL(state->path),
			strerror(errno));
		if (fd >= 0) {
			close(fd);
		}
		return FAILURE;
	}
	close(fd);
	zend_result status = decode_document(state, text, &document);
	zend_string_release(text);
	if (status == FAILURE) {
		return FAILURE;
	}
	if (check_document(state, &document) == FAILURE) {
		zval_ptr_dtor(&document);
		return FAILURE;
	}
	if (zend_hash_num_elements(Z_ARRVAL(document)) > 0) {
		/* Fills in keys a hand-edited file may lack (empty pairs or idmap). */
		zval empty;
		array_init(&empty);
		vtws_state_merge(&document, Z_ARRVAL(empty));
		zval_ptr_dtor(&empty);
	}
	ZVAL_COPY_VALUE(&state->document, &document);
	return SUCCESS;
}

ZEND_METHOD(Vtws_Sync_FileState, load)
{
	ZEND_PARSE_PARAMETERS_NONE();

	vtws_file_state *state = file_state_this(ZEND_THIS);
	if (!state || read_document(state) == FAILURE) {
		RETURN_THROWS();
	}
	RETURN_COPY(&state->document);
}

ZEND_METHOD(Vtws_Sync_FileState, getPath)
{
	ZEND_PARSE_PARAMETERS_NONE();

	vtws_file_state *state = file_state_this(ZEND_THIS);
	if (!state) {
		RETURN_THROWS();
	}
	RETURN_STR_COPY(state->path);
}

/* ---- writing ----------------------------------------------------------------------- */

static zend_result write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n <= 0) {
			return FAILURE;
		}
		data += n;
		len -= (size_t) n;
	}
	return SUCCESS;
}

/* A rename is only durable once the directory entry is: sync the directory too. */
static zend_result sync_directory(const zend_string *path)
{
#ifdef PHP_WIN32
	return SUCCESS; /* NTFS journals the rename itself; directories cannot be opened here */
#else
	zend_string *dir = zend_string_init(ZSTR_VAL(path), ZSTR_LEN(path), 0);
	ZSTR_LEN(dir) = zend_dirname(ZSTR_VAL(dir), ZSTR_LEN(dir));
	int fd = open(ZSTR_VAL(dir), O_RDONLY | O_CLOEXEC);
	zend_string_release(dir);
	if (fd < 0) {
		return FAILURE;
	}
	/* Some file systems cannot sync a directory (EINVAL): nothing more can be done there. */
	int status = fsync(fd) == 0 || errno == EINVAL ? 0 : -1;
	close(fd);
	return status == 0 ? SUCCESS : FAILURE;
#endif
}

/* Writes text to "<path>.tmp", syncs it and renames it over the document. On failure the
 * document is untouched and the temporary file removed. */
static zend_result write_atomically(vtws_file_state *state, const zend_string *text)
{
	zend_string *temp = zend_string_concat2(ZSTR_VAL(state->path), ZSTR_LEN(state->path), ".tmp",
		sizeof(".tmp") - 1);
	const char *step = "create";
	zend_stat_t existing;
	/* Keep the permissions of an existing document; a new one is private to its owner. */
	mode_t mode = VCWD_STAT(ZSTR_VAL(state->path), &existing) == 0 ? (existing.st_mode & 0777)
																   : 0600;

	/* O_EXCL after unlink: a symbolic link planted at the temporary name is not followed. */
	unlink(ZSTR_VAL(temp));
	int fd = open(ZSTR_VAL(temp), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_BINARY, mode);
	if (fd >= 0) {
		step = "write";
		bool written = write_all(fd, ZSTR_VAL(text), ZSTR_LEN(text)) == SUCCESS;
		if (written) {
			step = "sync";
			written = fsync(fd) == 0;
		}
		int error = errno;
		close(fd);
		errno = error;
		if (written) {
			step = "rename";
			if (VCWD_RENAME(ZSTR_VAL(temp), ZSTR_VAL(state->path)) == 0) {
				zend_string_release(temp);
				return SUCCESS;
			}
		}
	}
	int error = errno;
	unlink(ZSTR_VAL(temp));
	vtws_state_throw(NULL, "Cannot write the state file %s (%s %s): %s", ZSTR_VAL(state->path),
		step, ZSTR_VAL(temp), strerror(error));
	zend_string_release(temp);
	return FAILURE;
}

ZEND_METHOD(Vtws_Sync_FileState, apply)
{
	HashTable *changes;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY_HT(changes)
	ZEND_PARSE_PARAMETERS_END();

	vtws_file_state *state = file_state_this(ZEND_THIS);
	if (!state) {
		RETURN_THROWS();
	}
	zend_string *problem = vtws_state_changes_problem(changes);
	if (problem) {
		zend_argument_value_error(1, "%s", ZSTR_VAL(problem));
		zend_string_release(problem);
		RETURN_THROWS();
	}
	if (read_document(state) == FAILURE) {
		RETURN_THROWS();
	}
	zval document;
	ZVAL_COPY(&document, &state->document);
	vtws_state_merge(&document, changes);

	smart_str text = {0};
	if (vtws_encode_json(&text, &document, "the state document") == FAILURE) {
		smart_str_free(&text);
		zval_ptr_dtor(&document);
		RETURN_THROWS();
	}
	smart_str_appendc(&text, '\n');
	smart_str_0(&text);
	zend_result status = write_atomically(state, text.s);
	smart_str_free(&text);
	if (status == FAILURE) {
		zval_ptr_dtor(&document);
		RETURN_THROWS();
	}
	zval_ptr_dtor(&state->document);
	ZVAL_COPY_VALUE(&state->document, &document);
	if (sync_directory(state->path) == FAILURE) {
		/* The new document is in place but its directory entry may not survive a power
		 * loss; the memory copy follows the file, and the caller learns of it. */
		vtws_state_throw(NULL, "Cannot sync the directory of the state file %s: %s",
			ZSTR_VAL(state->path), strerror(errno));
		RETURN_THROWS();
	}
}
