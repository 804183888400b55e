--TEST--
Every fault, re-login, paging and sync path against the bundled test server frees what it allocated
--SKIPIF--
<?php
if (!extension_loaded('vtws')) die('skip vtws not loaded');
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
control($base, 'reset', ['contacts' => 120]);
$c = new Vtws\Client($base, ['timeout' => 5, 'retries' => 1]);
$c->login('admin', 'vtwsAdminAccessK');
foreach (['http500', 'http502_html', 'html', 'warnings', 'truncate', 'drop', 'nonjson', 'empty200', 'code0'] as $kind) {
    control($base, 'fault', ['kind' => $kind, 'count' => 2]);
    try {
        $c->retrieve('12x3');
        echo "$kind: no exception\n";
    } catch (Vtws\Exception $e) {
        echo $kind, ': ', get_class($e), "\n";
    }
    control($base, 'fault/clear');
}
control($base, 'expire-sessions');
echo count($c->query('SELECT id FROM Contacts LIMIT 5')), " rows after a transparent re-login\n";
$rows = 0;
foreach ($c->queryAll('SELECT id, lastname FROM Contacts WHERE lastname != ?', ['x']) as $row) {
    $rows++;
}
echo $rows === $c->count('Contacts') ? "queryAll saw every contact\n" : "queryAll saw $rows\n";
$sync = $c->syncAll(new DateTimeImmutable('2000-01-01'), 'Contacts');
echo count($sync['updated']) === $rows ? "syncAll saw every contact\n" : "syncAll mismatch\n";
foreach ([
    fn () => $c->query('SELECT * FROM Contacts WHERE (lastname = 1);'),
    fn () => $c->update(['id' => '12x3']),
    fn () => $c->retrieveFile('15x1'),
] as $call) {
    try {
        $call();
    } catch (Vtws\ApiException $e) {
        echo $e->getVtigerCode(), "\n";
    }
}
control($base, 'fault', ['kind' => 'truncate', 'operation' => 'query']);
try {
    foreach ($c->queryAll('SELECT id FROM Contacts') as $row) {
    }
} catch (Vtws\ProtocolException $e) {
    echo $e->getOffset() > 0 ? "truncated page reported with its offset\n" : "no offset\n";
}
$c->logout();
echo $c->isLoggedIn() ? "still logged in\n" : "logged out\n";
?>
--EXPECT--
http500: Vtws\TransportException
http502_html: Vtws\TransportException
html: Vtws\ProtocolException
warnings: Vtws\ProtocolException
truncate: Vtws\ProtocolException
drop: Vtws\TransportException
nonjson: Vtws\ProtocolException
empty200: Vtws\ProtocolException
code0: Vtws\ApiException
5 rows after a transparent re-login
queryAll saw every contact
syncAll saw every contact
QUERY_SYNTAX_ERROR
MANDATORY_FIELDS_MISSING
RECORD_NOT_FOUND
truncated page reported with its offset
logged out
