<?php

declare(strict_types=1);

/*
 * One registering process for the concurrency and connection-loss tests:
 *
 *   php -d extension=vtws.so register-worker.php GATE NAME VARIANT
 *
 * Connects to VTWS_TEST_MYSQL_DSN, prints "ready", waits until the file GATE exists (so that
 * several workers start registering together; "-" does not wait), registers NAME with the
 * parameter list VARIANT ("a" or "b") and prints the result (or the error) as JSON.
 */

[, $gate, $name, $variant] = $argv;
$params = $variant === 'a' ? ['text' => 'string', 'language' => 'string'] : ['text' => 'encoded'];

$pdo = new PDO((string) getenv('VTWS_TEST_MYSQL_DSN'), (string) getenv('VTWS_TEST_MYSQL_USER'),
    (string) getenv('VTWS_TEST_MYSQL_PASSWORD'), [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
$registry = new Vtws\OperationRegistry($pdo);
$connection = (int) $pdo->query('SELECT CONNECTION_ID()')->fetchColumn();
echo json_encode(['ready' => true, 'connection' => $connection]), "\n";

// A bounded wait: the parent creates the gate right after every worker said ready.
for ($i = 0; $gate !== '-' && !file_exists($gate) && $i < 20000; $i++) {
    usleep(500);
}
try {
    $result = $registry->register($name, 'include/Webservices/Worker.php', 'vtws_worker', 'POST', $params);
    echo json_encode(['result' => $result]), "\n";
} catch (Vtws\RegistryException $e) {
    echo json_encode(['error' => $e->getMessage(), 'sqlState' => $e->getSqlState(),
        'previous' => $e->getPrevious() === null ? null : get_class($e->getPrevious())]), "\n";
}
