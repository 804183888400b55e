--TEST--
uploadDocument(): multipart upload from a path and from streams, re-login, in-process $_FILES, and every error path free what they allocate
--SKIPIF--
<?php
if (!extension_loaded('vtws')) die('skip vtws not loaded');
if (!extension_loaded('pdo_sqlite')) die('skip pdo_sqlite not loaded');
if (!getenv('VTWS_PHPT_SERVER')) die('skip VTWS_PHPT_SERVER (URL of a running tests/server) not set; tools/test.sh sets it');
?>
--INI--
pcre.jit=0
--FILE--
<?php
declare(strict_types=1);

/** Reports a size, then fails after a third of it. */
final class FailingStream
{
    public $context;
    private int $position = 0;

    public function stream_open(string $path, string $mode, int $options, ?string &$opened): bool { return true; }
    public function stream_read(int $count): string|false
    {
        if ($this->position >= 30000) {
            return false;
        }
        $n = min($count, 30000 - $this->position);
        $this->position += $n;
        return str_repeat('f', $n);
    }
    public function stream_eof(): bool { return false; }
    public function stream_tell(): int { return $this->position; }
    public function stream_seek(int $offset, int $whence): bool { $this->position = $offset; return true; }
    public function stream_stat(): array { return ['size' => 90000, 'mode' => 0100644]; }
}

/** Neither seeks nor reports a size: uploadDocument() spools it to a temporary file first. */
final class OneWayStream
{
    public $context;
    private int $left = 50000;

    public function stream_open(string $path, string $mode, int $options, ?string &$opened): bool { return true; }
    public function stream_read(int $count): string
    {
        $n = min($count, $this->left);
        $this->left -= $n;
        return str_repeat('o', $n);
    }
    public function stream_eof(): bool { return $this->left === 0; }
    public function stream_stat(): array|false { return false; }
}

stream_wrapper_register('failing', FailingStream::class);
stream_wrapper_register('oneway', OneWayStream::class);

function control(string $base, string $path): void
{
    file_get_contents("$base/__vtws/$path", false, stream_context_create(['http' => [
        'method' => 'POST', 'header' => 'Content-Type: application/x-www-form-urlencoded', 'content' => '',
    ]]));
}

function show(callable $work): void
{
    try {
        $result = $work();
        echo 'ok: ', $result['filename'], ' ', $result['filesize'], ' ', $result['filetype'], "\n";
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

$base = rtrim((string) getenv('VTWS_PHPT_SERVER'), '/');
control($base, 'reset');
$c = new Vtws\Client($base, ['timeout' => 20]);
$c->login('admin', 'vtwsAdminAccessK');
$element = ['notes_title' => 'phpt upload', 'assigned_user_id' => '19x1'];

$dir = sys_get_temp_dir() . '/vtws-phpt-upload-' . getmypid();
mkdir($dir);
$source = "$dir/notes.txt";
file_put_contents($source, str_repeat("0123456789abcdef", 20000) . "tail");

$created = $c->uploadDocument($source, $element);
echo $created['filename'], ' ', $created['filesize'], ' ', $created['filetype'], ' ', $created['filelocationtype'], "\n";
$meta = $c->downloadFile($created['id'], "$dir/copy.txt");
var_dump(sha1_file("$dir/copy.txt") === sha1_file($source), $meta['bytes']);

$memory = fopen('php://memory', 'w+b');
fwrite($memory, "prefix:in memory");
fseek($memory, 7);
show(fn () => $c->uploadDocument($memory, $element + ['filename' => 'memo.json', 'filestatus' => 0]));
show(fn () => $c->uploadDocument(fopen('oneway://x', 'rb'), $element + ['filename' => 'one way.bin']));

control($base, 'expire-sessions');
show(fn () => $c->uploadDocument($source, $element + ['filename' => 'after-relogin.txt']));

show(fn () => $c->uploadDocument("$dir/missing.txt", $element));
show(fn () => $c->uploadDocument($dir, $element));
show(fn () => $c->uploadDocument("", $element));
show(fn () => $c->uploadDocument("a\0b", $element));
show(fn () => $c->uploadDocument(3.5, $element));
show(fn () => $c->uploadDocument(fopen("$dir/w.txt", 'wb'), $element));
show(fn () => $c->uploadDocument(fopen('php://memory', 'w+b'), $element));
$unnamed = fopen('php://memory', 'w+b');
fwrite($unnamed, 'x');
rewind($unnamed);
show(fn () => $c->uploadDocument($unnamed, $element));
show(fn () => $c->uploadDocument($source, $element + ['filelocationtype' => 'E']));
show(fn () => $c->uploadDocument($source, $element + ['filename' => ['array']]));
show(fn () => $c->uploadDocument($source, $element + ['filetype' => "text/plain\r\nX: y"]));
show(fn () => $c->uploadDocument(fopen('failing://x', 'rb'), $element + ['filename' => 'fails.bin']));
show(fn () => $c->uploadDocument($source, ['assigned_user_id' => '19x1']));
// Larger than the upload_max_filesize (2M) of the server tools/test.sh starts: PHP drops the
// file, Vtiger creates the Document without it.
$large = "$dir/large.bin";
file_put_contents($large, str_repeat('L', 3 * 1024 * 1024));
show(fn () => $c->uploadDocument($large, $element));
$offline = new Vtws\Client('http://127.0.0.1:1', ['connect_timeout' => 2]);
show(fn () => $offline->uploadDocument($source, $element));

// In-process: the file reaches the operation through $_FILES.
$database = "$dir/inprocess.sqlite";
putenv("VTWS_SERVER_DB=$database");
require __DIR__ . '/server/inprocess.php';
Vtws\TestServer\InProcess\Controls::call('reset');
$local = Vtws\Client::inProcess(1, ['typed' => true]);
$record = $local->uploadDocument($source, $element + ['filename' => 'local.txt']);
var_dump($record['filesize'], $local->retrieveFile($record['imageattachmentids'])['content'] === file_get_contents($source));
var_dump($_FILES);
show(fn () => $local->uploadDocument(fopen('failing://x', 'rb'), $element + ['filename' => 'fails.bin']));

Vtws\TestServer\Storage::wipe($GLOBALS['adb']->pdo);
foreach (glob("$dir/*") as $file) {
    unlink($file);
}
rmdir($dir);
?>
--EXPECTF--
notes.txt 320004 text/plain I
bool(true)
int(320004)
ok: memo.json 9 application/json
ok: one_way.binfile.txt 50000 application/octet-stream
ok: after-relogin.txt 320004 text/plain
ValueError: Vtws\Client::uploadDocument(): Argument #1 ($file) must name an existing file, %s/missing.txt was not found
ValueError: Vtws\Client::uploadDocument(): Argument #1 ($file) must name a file, %s is a directory
ValueError: Vtws\Client::uploadDocument(): Argument #1 ($file) must be a non-empty path without NUL bytes
ValueError: Vtws\Client::uploadDocument(): Argument #1 ($file) must be a non-empty path without NUL bytes
TypeError: Vtws\Client::uploadDocument(): Argument #1 ($file) must be a path or an open stream resource, float given
ValueError: Vtws\Client::uploadDocument(): Argument #1 ($file) must be a stream open for reading, it was opened with mode "wb"
ValueError: Vtws\Client::uploadDocument(): Argument #1 ($file) must not be empty: Vtiger stores no file of 0 bytes
ValueError: Vtws\Client::uploadDocument(): Argument #2 ($element) must have a "filename" when the file is a stream that was not opened from a file
ValueError: Vtws\Client::uploadDocument(): Argument #2 ($element) must not have a "filelocationtype" other than "I": uploadDocument() stores the file in Vtiger (create a Document with filelocationtype "E" for a link)
TypeError: Vtws\Client::uploadDocument(): Argument #2 ($element) must have a string "filename", array given
ValueError: Vtws\Client::uploadDocument(): Argument #2 ($element) must have a "filetype" without NUL bytes or line breaks
Vtws\TransportException: uploadDocument: reading the file failed after 30000 of 90000 bytes
Vtws\ApiException: create failed: notes_title does not have a value [MANDATORY_FIELDS_MISSING]
Vtws\TransportException: uploadDocument: Vtiger created the Document 15x%d but stored no file (did the upload exceed the server's upload_max_filesize?)
Vtws\TransportException: create: %s
int(320004)
bool(true)
array(0) {
}
Vtws\TransportException: uploadDocument: reading the file failed after 30000 of 90000 bytes
