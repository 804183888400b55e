--TEST--
downloadFile() to a path and a stream, and its error paths, free what they allocate
--SKIPIF--
<?php
if (!extension_loaded('vtws')) die('skip vtws not loaded');
if (!extension_loaded('curl')) die('skip curl extension needed to upload the fixture file');
if (!getenv('VTWS_PHPT_SERVER')) die('skip VTWS_PHPT_SERVER (URL of a running tests/server) not set; tools/test.sh sets it');
?>
--FILE--
<?php
declare(strict_types=1);

function control(string $base, string $path, array $params = []): void
{
    file_get_contents("$base/__vtws/$path", false, stream_context_create(['http' => [
        'method' => 'POST',
        'header' => 'Content-Type: application/x-www-form-urlencoded',
        'content' => http_build_query($params),
    ]]));
}

$base = rtrim((string) getenv('VTWS_PHPT_SERVER'), '/');
control($base, 'reset');
$c = new Vtws\Client($base, ['timeout' => 10]);
$c->login('admin', 'vtwsAdminAccessK');

$source = tempnam(sys_get_temp_dir(), 'vtws');
file_put_contents($source, str_repeat("0123456789abcdef", 20000) . "tail");
$curl = curl_init("$base/webservice.php");
curl_setopt_array($curl, [CURLOPT_POST => true, CURLOPT_RETURNTRANSFER => true, CURLOPT_POSTFIELDS => [
    'operation' => 'create', 'sessionName' => $c->getSessionName(), 'elementType' => 'Documents',
    'element' => json_encode(['notes_title' => 'phpt', 'assigned_user_id' => '19x1', 'filelocationtype' => 'I',
        'filename' => 'data.txt', 'filesize' => filesize($source), 'filetype' => 'text/plain']),
    'filename' => new CURLFile($source, 'text/plain', 'data.txt'),
]]);
$created = json_decode((string) curl_exec($curl), true)['result'];
curl_close($curl);

$target = $source . '.copy';
$meta = $c->downloadFile($created['id'], $target);
var_dump($meta['bytes'] === filesize($source), sha1_file($target) === sha1_file($source));
$stream = fopen('php://memory', 'w+b');
$c->downloadFile($created['imageattachmentids'], $stream);
var_dump(ftell($stream) === filesize($source));
fclose($stream);

try {
    $c->downloadFile('15x999999', $target . '2');
} catch (Vtws\ApiException $e) {
    echo get_class($e), "\n";
}
control($base, 'fault', ['kind' => 'truncate', 'count' => 1, 'operation' => 'files_retrieve']);
try {
    $c->downloadFile($created['imageattachmentids'], $target . '3');
} catch (Vtws\ProtocolException $e) {
    echo get_class($e), ' ', file_exists($target . '3.part') ? 'part left' : 'no part', "\n";
}
try {
    $c->downloadFile($created['id'], 3.5);
} catch (TypeError $e) {
    echo $e->getMessage(), "\n";
}
unlink($source);
unlink($target);
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
Vtws\ApiException
Vtws\ProtocolException no part
Vtws\Client::downloadFile(): Argument #2 ($to) must be a path or an open stream resource, float given
