<?php

declare(strict_types=1);

/*
 * A small TLS-terminating proxy for the TLS tests: accepts TLS on 127.0.0.1 with the given
 * certificate and pipes each connection, decrypted, to a plain HTTP backend.
 *
 *   php tls-proxy.php CERT_AND_KEY.pem BACKEND_HOST:PORT
 *
 * Prints "listening PORT" once it accepts connections, then runs until killed.
 */

function write_all($stream, string $data): bool
{
    while ($data !== '') {
        $written = @fwrite($stream, $data);
        if ($written === false) {
            return false;
        }
        if ($written === 0) {
            $read = $except = null;
            $write = [$stream];
            if (@stream_select($read, $write, $except, 5) === false) {
                return false;
            }
            continue;
        }
        $data = substr($data, $written);
    }
    return true;
}

/** Moves everything readable now from $from to $to; false when the connection is over. */
function pump($from, $to): bool
{
    do {
        $data = @fread($from, 65536);
        if ($data === false || ($data === '' && feof($from))) {
            return false;
        }
        // TLS records can sit decrypted in the stream's buffer where select() cannot see them.
        if ($data !== '' && !write_all($to, $data)) {
            return false;
        }
    } while ($data !== '');
    return true;
}

function main(array $argv): int
{
    if (count($argv) !== 3) {
        fwrite(STDERR, "usage: tls-proxy.php CERT_AND_KEY.pem BACKEND_HOST:PORT\n");
        return 2;
    }
    [, $pem, $backend] = $argv;
    $context = stream_context_create(['ssl' => ['local_cert' => $pem, 'verify_peer' => false]]);
    $server = stream_socket_server('tls://127.0.0.1:0', $errno, $error,
        STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $context);
    if ($server === false) {
        fwrite(STDERR, "cannot listen: $error\n");
        return 1;
    }
    $name = (string) stream_socket_get_name($server, false);
    echo 'listening ', substr($name, strrpos($name, ':') + 1), "\n";
    fflush(STDOUT);

    $pairs = [];
    for (;;) {
        $read = [$server];
        foreach ($pairs as [$client, $upstream]) {
            $read[] = $client;
            $read[] = $upstream;
        }
        $write = $except = null;
        if (@stream_select($read, $write, $except, null) === false) {
            continue;
        }
        foreach ($read as $stream) {
            if ($stream === $server) {
                // A client that rejects the certificate makes the handshake, and so this, fail.
                $client = @stream_socket_accept($server, 10);
                $upstream = $client === false ? false : @stream_socket_client("tcp://$backend", $errno, $error, 10);
                if ($client !== false && $upstream !== false) {
                    stream_set_blocking($client, false);
                    stream_set_blocking($upstream, false);
                    $pairs[(int) $client] = [$client, $upstream];
                } elseif ($client !== false) {
                    fclose($client);
                }
                continue;
            }
            foreach ($pairs as $key => [$client, $upstream]) {
                if ($stream !== $client && $stream !== $upstream) {
                    continue;
                }
                $alive = $stream === $client ? pump($client, $upstream) : pump($upstream, $client);
                if (!$alive) {
                    fclose($client);
                    fclose($upstream);
                    unset($pairs[$key]);
                }
                break;
            }
        }
    }
}

exit(main($argv));
