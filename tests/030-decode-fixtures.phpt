--TEST--
Vtws\decode() gives exactly what json_decode($body, true) gives for every recorded Vtiger body
--SKIPIF--
<?php
if (!extension_loaded('vtws')) die('skip vtws not loaded');
$dir = getenv('VTWS_FIXTURES') ?: __DIR__ . '/../../shared/fixtures/vtiger-8.0';
if (!glob("$dir/*.json")) die('skip recorded fixtures not found beside the repository');
?>
--FILE--
<?php
declare(strict_types=1);

$dir = getenv('VTWS_FIXTURES') ?: __DIR__ . '/../../shared/fixtures/vtiger-8.0';
$same = $rejected = 0;
foreach (glob("$dir/*.json") as $file) {
    $fixture = json_decode((string) file_get_contents($file), true, 512, JSON_THROW_ON_ERROR);
    $body = $fixture['response_raw'];
    // The body as recorded, and as it would arrive cut off by a dropped connection.
    foreach ([$body, substr($body, 0, intdiv(strlen($body), 2))] as $i => $candidate) {
        $expected = json_decode($candidate, true);
        $accepted = json_last_error() === JSON_ERROR_NONE;
        try {
            $actual = Vtws\decode($candidate);
            if (!$accepted) {
                echo basename($file), " #$i: accepted, json_decode rejects\n";
            } elseif ($actual !== $expected) {
                echo basename($file), " #$i: differs from json_decode\n";
            } else {
                $same++;
            }
        } catch (Vtws\ProtocolException $e) {
            if ($accepted) {
                echo basename($file), " #$i: rejected, json_decode accepts: ", $e->getMessage(), "\n";
            } else {
                $rejected++;
            }
        }
    }
}
var_dump($same > 100, $rejected > 10);
?>
--EXPECT--
bool(true)
bool(true)
