--TEST--
A refused connection is a TransportException with HTTP status 0 that never shows the session
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--FILE--
<?php
declare(strict_types=1);

const SECRET = 'secret-session-id';

$client = new Vtws\Client('http://127.0.0.1:1', ['connect_timeout' => 5, 'timeout' => 5]);
$client->useSession(SECRET);

$calls = [
    'listTypes' => fn () => $client->listTypes(),
    'retrieve' => fn () => $client->retrieve('12x3'),
    'create' => fn () => $client->create('Contacts', ['lastname' => 'x']),
    'query' => fn () => $client->query('SELECT * FROM Contacts WHERE lastname = ?', ["O'Brien"]),
    'call' => fn () => $client->call('gettranslation', ['language' => 'ru_ru']),
];
foreach ($calls as $name => $call) {
    try {
        $call();
        echo $name, ": no exception\n";
    } catch (Vtws\TransportException $e) {
        $everything = $e->getMessage() . "\n" . $e->getTraceAsString() . "\n" . (string) $e
            . "\n" . $e->getBodyExcerpt() . print_r($e, true);
        printf("%s: %s status=%d op=%s excerpt=%s leaks=%s\n", $name, get_class($e), $e->getHttpStatus(),
            $e->getOperation(), json_encode($e->getBodyExcerpt()),
            str_contains($everything, SECRET) ? 'yes' : 'no');
        var_dump(str_contains($e->getMessage(), 'curl error 7'));
    }
}

// A failed login leaves no credentials behind.
try {
    $fresh = new Vtws\Client('http://127.0.0.1:1');
    $fresh->login('admin', 'vtwsAdminAccessK');
} catch (Vtws\TransportException $e) {
    echo 'login: ', $e->getOperation(), ' leaks=',
        str_contains($e->getTraceAsString() . (string) $e, 'vtwsAdminAccessK') ? 'yes' : 'no', "\n";
    var_dump($fresh->isLoggedIn(), str_contains(print_r($fresh, true), 'admin'));
}
?>
--EXPECT--
listTypes: Vtws\TransportException status=0 op=listtypes excerpt="" leaks=no
bool(true)
retrieve: Vtws\TransportException status=0 op=retrieve excerpt="" leaks=no
bool(true)
create: Vtws\TransportException status=0 op=create excerpt="" leaks=no
bool(true)
query: Vtws\TransportException status=0 op=query excerpt="" leaks=no
bool(true)
call: Vtws\TransportException status=0 op=gettranslation excerpt="" leaks=no
bool(true)
login: getchallenge leaks=no
bool(false)
bool(false)
