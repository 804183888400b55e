<?php

// Counts how often this file runs: the registry must include it at most once.
$GLOBALS['vtws_registry_echo_loads'] = ($GLOBALS['vtws_registry_echo_loads'] ?? 0) + 1;

function vtws_registry_echo($text, $user)
{
    return ['text' => $text];
}
