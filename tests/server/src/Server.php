<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/** Front controller: routes a request to the webservice emulation or to the test controls. */
final class Server
{
    /** Operations that only read: they run without the database write lock (see dispatch()). */
    private const READ_ONLY = ['query', 'retrieve', 'describe', 'listtypes', 'sync'];

    public function __construct(private readonly string $rootDir)
    {
    }

    public function handle(): void
    {
        $request = WebRequest::fromGlobals();
        $db = Database::open(Database::path());
        if (str_starts_with($request->path, '/__vtws/')) {
            (new Admin($db, $request))->handle()->send();
            return;
        }
        if (preg_match('#(^/$|/webservice\.php$)#', $request->path) !== 1) {
            (new Answer(404, 'text/plain; charset=UTF-8', "Not found\n"))->send();
            return;
        }
        // Held until the answer is out, like a PHP session lock held until the script ends.
        $lock = SessionLock::acquire($request, Database::path());
        try {
            $answer = $this->webservice($db, $request);
            if ($answer->stallMs > 0) {
                // A body that stalls on the wire comes from a script that has already ended
                // and so no longer holds its session.
                $lock->release($db);
                $lock = null;
            }
            $answer->send();
        } finally {
            $lock?->release($db);
        }
    }

    private function webservice(\PDO $db, WebRequest $request): Answer
    {
        $ctx = new Context($db, new Metadata($this->rootDir . '/data'), $request, $this->rootDir);
        $operation = (string) ($request->any()['operation'] ?? '');
        $fault = Database::transaction($db, function () use ($db, $ctx, $request, $operation): ?array {
            (new RequestLog($db, $ctx->clock))->record($request);
            return (new Faults($db))->take(is_string($operation) ? $operation : '');
        });
        if ($fault !== null && $fault['kind'] === 'latency') {
            usleep(1000 * (int) $fault['ms']);
        }
        $replacement = $fault === null ? null : Faults::replacement($fault['kind']);
        if ($replacement !== null) {
            return $replacement;
        }
        $answer = $this->dispatch($ctx);
        return $fault === null ? $answer : Faults::alter($fault, $answer);
    }

    private function dispatch(Context $ctx): Answer
    {
        $format = $ctx->request->any()['format'] ?? 'json';
        try {
            $handle = static fn (): Answer => Answer::success((new OperationManager($ctx))->handle());
            // Reads do not queue behind each other: on a real Vtiger only requests of one
            // session wait for each other (SessionLock), and MySQL serves reads in parallel.
            $operation = $ctx->request->any()['operation'] ?? '';
            $answer = is_string($operation) && in_array(strtolower($operation), self::READ_ONLY, true)
                ? Database::readTransaction($ctx->db, $handle)
                : Database::transaction($ctx->db, $handle);
        } catch (WebServiceException $e) {
            $answer = Answer::failure($e);
        } catch (FatalFailure $e) {
            return new Answer($e->status, $e->contentType, $e->body);
        } catch (\Exception $e) {
            $answer = Answer::failure(new WebServiceException('INTERNAL_SERVER_ERROR', 'Unknown Error while processing request'));
        } catch (\Error $e) {
            error_log('vtws test server: ' . $e);
            return Answer::fatal();
        }
        if (!is_string($format) || strtolower($format) !== 'json') {
            // Only the json encoder exists: the header is already set, the body never comes.
            return Answer::fatal('application/json');
        }
        return $answer;
    }
}
