<?php

declare(strict_types=1);

/*
 * Documents with a 20 MB file: uploadDocument() + downloadFile() against the same upload with
 * PHP's curl (CURLFile, which streams from disk too) + files_retrieve decoded with
 * json_decode() and base64_decode(), side by side against the test server (4 workers).
 * Besides the times it prints the growth of this process's PHP heap during each step
 * (memory_get_peak_usage() after memory_reset_peak_usage()).
 *
 *   php -d extension=modules/vtws.so bench/upload.php [megabytes] [runs]
 */

require_once __DIR__ . '/lib/Harness.php';
require_once __DIR__ . '/../tests/phpunit/ServerLauncher.php';

use Vtws\Bench\Harness;
use Vtws\Client;
use Vtws\Tests\ServerLauncher;

$megabytes = max(1, (int) ($argv[1] ?? 20));
$runs = max(1, (int) ($argv[2] ?? 3));

$url = ServerLauncher::start();
ServerLauncher::control('reset');
$client = new Client($url, ['timeout' => 600]);
$client->login('admin', 'vtwsAdminAccessK');
$element = ['notes_title' => 'Bench upload', 'assigned_user_id' => '19x1'];

$dir = sys_get_temp_dir() . '/vtws-bench-upload-' . getmypid();
mkdir($dir);
$source = "$dir/payload.dat";
$out = fopen($source, 'wb');
for ($i = 0; $i < $megabytes; $i++) {
    fwrite($out, random_bytes(1 << 20));
}
fclose($out);
register_shutdown_function(static function () use ($dir): void {
    array_map('unlink', glob("$dir/*") ?: []);
    rmdir($dir);
});

/** Runs $work and returns [its result, the PHP heap's growth in bytes while it ran]. */
function heapGrowth(callable $work): array
{
    gc_collect_cycles();
    memory_reset_peak_usage();
    $before = memory_get_usage();
    $result = $work();
    return [$result, memory_get_peak_usage() - $before];
}

$curl = curl_init($url . '/webservice.php');
$baselineUpload = static function () use ($curl, $client, $source, $element): array {
    curl_setopt_array($curl, [CURLOPT_POST => true, CURLOPT_RETURNTRANSFER => true, CURLOPT_HTTPHEADER => ['Expect:'],
        CURLOPT_POSTFIELDS => ['operation' => 'create', 'sessionName' => $client->getSessionName(),
            'elementType' => 'Documents', 'element' => json_encode($element + ['filelocationtype' => 'I',
                'filename' => 'payload.dat', 'filesize' => filesize($source), 'filetype' => 'application/octet-stream']),
            'filename' => new CURLFile($source, 'application/octet-stream', 'payload.dat')]]);
    return json_decode((string) curl_exec($curl), true)['result'];
};
$baselineDownload = static function (array $record) use ($curl, $client, $dir): void {
    curl_setopt_array($curl, [CURLOPT_HTTPGET => true, CURLOPT_RETURNTRANSFER => true,
        CURLOPT_URL => $GLOBALS['url'] . '/webservice.php?' . http_build_query(['operation' => 'files_retrieve',
            'sessionName' => $client->getSessionName(), 'id' => $record['imageattachmentids']])]);
    $file = json_decode((string) curl_exec($curl), true)['result'][0];
    file_put_contents("$dir/baseline-copy.dat", base64_decode($file['filecontents']));
    curl_setopt($curl, CURLOPT_URL, $GLOBALS['url'] . '/webservice.php');
};
$extensionUpload = static fn (): array => $client->uploadDocument($source, $element);
$extensionDownload = static function (array $record) use ($client, $dir): void {
    $client->downloadFile($record['id'], "$dir/extension-copy.dat");
};

$memory = [];
[$record, $memory['baseline upload']] = heapGrowth($baselineUpload);
[, $memory['baseline download']] = heapGrowth(static fn () => $baselineDownload($record));
[$record, $memory['extension upload']] = heapGrowth($extensionUpload);
[, $memory['extension download']] = heapGrowth(static fn () => $extensionDownload($record));
if (hash_file('sha256', "$dir/extension-copy.dat") !== hash_file('sha256', $source)
    || hash_file('sha256', "$dir/baseline-copy.dat") !== hash_file('sha256', $source)) {
    throw new RuntimeException('a downloaded copy differs from the source');
}

[$baseUp, $extUp] = Harness::compare($baselineUpload, $extensionUpload, $runs);
[$baseTrip, $extTrip] = Harness::compare(
    static fn () => $baselineDownload($baselineUpload()),
    static fn () => $extensionDownload($extensionUpload()),
    $runs,
);

printf("%s\n%d MB file, median of %d alternating runs\n", Harness::machine(), $megabytes, $runs);
Harness::table('Documents upload and round trip', 'PHP curl', 'vtws', [
    ['upload (create with the file)', $baseUp, $extUp, ''],
    ['upload + download to a file', $baseTrip, $extTrip, ''],
]);
printf("\nPHP heap growth during one step (file: %d MB)\n", $megabytes);
foreach ($memory as $label => $bytes) {
    printf("| %-20s | %9.2f MB |\n", $label, $bytes / 1048576);
}
