--TEST--
A mid-body timeout, 100,000-deep JSON, an unresolvable host and an oversized answer free what they allocated, and the client goes on
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

function attempt(string $label, callable $call): void
{
    try {
        $call();
        echo "$label: no exception\n";
    } catch (Vtws\Exception $e) {
        echo $label, ': ', get_class($e), ' status=', $e->getHttpStatus(), "\n";
    }
}

$base = rtrim((string) getenv('VTWS_PHPT_SERVER'), '/');
control($base, 'reset');
// Valgrind slows the client down, not the server: the stall is far longer than the timeout.
$c = new Vtws\Client($base, ['timeout' => 2]);
$c->login('admin', 'vtwsAdminAccessK');
$small = new Vtws\Client($base, ['timeout' => 10, 'max_response_size' => 4096]);
$small->useSession((string) $c->getSessionName());

control($base, 'fault', ['kind' => 'stall', 'operation' => 'query', 'ms' => 8000]);
attempt('stall', fn () => $c->query('SELECT id, lastname FROM Contacts LIMIT 20'));
control($base, 'fault', ['kind' => 'nested', 'operation' => 'retrieve']);
attempt('nested', fn () => $c->retrieve('12x3'));
attempt('oversized', fn () => $small->query('SELECT * FROM Contacts'));
echo count($c->query('SELECT id FROM Contacts LIMIT 3')), ' and ', count($small->query('SELECT id FROM Contacts LIMIT 3')),
    " rows afterwards\n";

$nowhere = new Vtws\Client('http://vtws-no-such-host.invalid/crm', ['timeout' => 10]);
attempt('dns', fn () => $nowhere->login('admin', 'vtwsAdminAccessK'));
var_dump($nowhere->isLoggedIn());
control($base, 'fault/clear');
?>
--EXPECT--
stall: Vtws\TransportException status=200
nested: Vtws\ProtocolException status=200
oversized: Vtws\TransportException status=200
3 and 3 rows afterwards
dns: Vtws\TransportException status=0
bool(false)
