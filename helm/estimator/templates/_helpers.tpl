{{/*
Expand the name of the chart.
*/}}
{{- define "estimator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name.
We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).
If release name contains chart name it will be used as a full name.
*/}}
{{- define "estimator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "estimator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels
*/}}
{{- define "estimator.labels" -}}
helm.sh/chart: {{ include "estimator.chart" . }}
{{ include "estimator.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels
*/}}
{{- define "estimator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "estimator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Create the name of the service account to use
*/}}
{{- define "estimator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "estimator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Name of the Secret holding the database password, and the key in it.
*/}}
{{- define "estimator.databaseSecretName" -}}
{{- .Values.database.existingSecret | default (printf "%s-database" (include "estimator.fullname" .)) }}
{{- end }}

{{- define "estimator.databaseSecretKey" -}}
{{- if .Values.database.existingSecret }}
{{- .Values.database.existingSecretPasswordKey }}
{{- else -}}
password
{{- end }}
{{- end }}

{{/*
The service's configuration, as application.properties.
*/}}
{{- define "estimator.properties" -}}
{{- $d := .Values.config.datasets -}}
{{- $j := .Values.config.jobs -}}
spring.datasource.url={{ .Values.database.url }}
spring.datasource.username={{ .Values.database.username }}
server.port={{ .Values.ports.http }}
management.server.port={{ .Values.ports.management }}
spring.lifecycle.timeout-per-shutdown-phase={{ .Values.shutdown.phaseTimeoutSeconds }}s
estimator.datasets.temp-dir=/tmp
estimator.datasets.max-bytes={{ $d.maxBytes }}
estimator.datasets.max-levels={{ $d.maxLevels }}
estimator.datasets.chunk-rows={{ $d.chunkRows }}
estimator.datasets.batch-bytes={{ $d.batchBytes }}
estimator.datasets.cache-max-bytes={{ $d.cacheMaxBytes }}
estimator.datasets.max-preview-rows={{ $d.maxPreviewRows }}
estimator.jobs.max-queued={{ $j.maxQueued }}
estimator.jobs.max-concurrent={{ $j.maxConcurrent }}
{{- if $j.poolThreads }}
estimator.jobs.pool-threads={{ $j.poolThreads }}
{{- end }}
estimator.jobs.poll-interval={{ $j.pollInterval }}
estimator.jobs.lease={{ $j.lease }}
estimator.jobs.flush-interval={{ $j.flushInterval }}
estimator.jobs.event-interval={{ $j.eventInterval }}
estimator.jobs.max-wait-seconds={{ $j.maxWaitSeconds }}
estimator.jobs.max-prediction-rows={{ $j.maxPredictionRows }}
estimator.jobs.shutdown-timeout={{ .Values.shutdown.jobsTimeoutSeconds }}s
estimator.quotas.dataset-bytes={{ .Values.config.quotas.datasetBytes }}
estimator.quotas.active-jobs={{ .Values.config.quotas.activeJobs }}
estimator.security.mode={{ .Values.security.mode }}
{{- /* the root filesystem is read-only: a first-start key is written to the writable /tmp */}}
estimator.security.admin-key-file=/tmp/admin-key
{{- range $i, $key := .Values.security.keys }}
estimator.security.keys[{{ $i }}].name={{ $key.name }}
{{- with $key.owner }}
estimator.security.keys[{{ $i }}].owner={{ . }}
{{- end }}
{{- with $key.role }}
estimator.security.keys[{{ $i }}].role={{ . }}
{{- end }}
estimator.security.keys[{{ $i }}].hash={{ $key.hash }}
{{- end }}
{{- if eq .Values.security.mode "jwt" }}
{{- $jwt := .Values.security.jwt }}
{{- if not (or $jwt.issuerUri $jwt.jwkSetUri) }}
{{- fail "security.mode jwt needs security.jwt.issuerUri or security.jwt.jwkSetUri" }}
{{- end }}
{{- with $jwt.issuerUri }}
spring.security.oauth2.resourceserver.jwt.issuer-uri={{ . }}
{{- end }}
{{- with $jwt.jwkSetUri }}
spring.security.oauth2.resourceserver.jwt.jwk-set-uri={{ . }}
{{- end }}
estimator.security.jwt.admin-claim={{ $jwt.adminClaim }}
estimator.security.jwt.admin-value={{ $jwt.adminValue }}
{{- end }}
{{- if .Values.spark.enabled }}
{{ include "estimator.sparkProperties" . }}
{{- end }}
{{- range $key, $value := .Values.config.extra }}
{{ $key }}={{ $value }}
{{- end }}
{{- end }}

{{/*
Spark on Kubernetes: whether the service creates SparkApplications, where, and as whom its drivers run.
*/}}
{{- define "estimator.sparkOnKubernetes" -}}
{{- if and .Values.spark.enabled (eq .Values.spark.launcher "kubernetes") }}true{{ end }}
{{- end }}

{{- define "estimator.sparkNamespace" -}}
{{- .Values.spark.namespace | default .Release.Namespace }}
{{- end }}

{{- define "estimator.sparkImage" -}}
{{- printf "%s:%s" .Values.spark.image.repository (.Values.spark.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{- define "estimator.sparkDriverServiceAccountName" -}}
{{- if .Values.spark.driver.serviceAccount.create }}
{{- default (printf "%s-spark-driver" (include "estimator.fullname" .)) .Values.spark.driver.serviceAccount.name }}
{{- else }}
{{- .Values.spark.driver.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The service's API token is mounted only when it talks to the Kubernetes API (Spark on Kubernetes).
*/}}
{{- define "estimator.automountToken" -}}
{{- if or .Values.serviceAccount.automount (include "estimator.sparkOnKubernetes" .) }}true{{ else }}false{{ end }}
{{- end }}

{{/*
estimator.spark.* for application.properties: names of Secrets, never their contents.
*/}}
{{- define "estimator.sparkProperties" -}}
{{- $s := .Values.spark -}}
estimator.spark.launcher={{ $s.launcher }}
{{- range $i, $source := $s.sources }}
estimator.spark.sources[{{ $i }}]={{ $source }}
{{- end }}
{{- if include "estimator.sparkOnKubernetes" . }}
estimator.spark.kubernetes.namespace={{ include "estimator.sparkNamespace" . }}
estimator.spark.kubernetes.image={{ include "estimator.sparkImage" . }}
{{- with $s.executorImage }}
estimator.spark.kubernetes.executor-image={{ . }}
{{- end }}
estimator.spark.kubernetes.image-pull-policy={{ $s.image.pullPolicy }}
{{- range $i, $secret := $s.image.pullSecrets }}
estimator.spark.kubernetes.image-pull-secrets[{{ $i }}]={{ $secret }}
{{- end }}
{{- with include "estimator.sparkDriverServiceAccountName" . }}
estimator.spark.kubernetes.service-account={{ . }}
{{- end }}
estimator.spark.kubernetes.driver.cores={{ $s.driver.cores }}
estimator.spark.kubernetes.driver.memory={{ $s.driver.memory }}
estimator.spark.kubernetes.executor.instances={{ $s.executor.instances }}
estimator.spark.kubernetes.executor.cores={{ $s.executor.cores }}
estimator.spark.kubernetes.executor.memory={{ $s.executor.memory }}
{{- with $s.storageSecret.name }}
estimator.spark.kubernetes.storage-secret.name={{ . }}
{{- range $i, $key := $s.storageSecret.keys }}
estimator.spark.kubernetes.storage-secret.keys[{{ $i }}]={{ $key }}
{{- end }}
{{- end }}
{{- if $s.databaseSecret.name }}
estimator.spark.kubernetes.database-secret.name={{ $s.databaseSecret.name }}
estimator.spark.kubernetes.database-secret.key={{ $s.databaseSecret.key | default "password" }}
{{- else }}
estimator.spark.kubernetes.database-secret.name={{ include "estimator.databaseSecretName" . }}
estimator.spark.kubernetes.database-secret.key={{ include "estimator.databaseSecretKey" . }}
{{- end }}
{{- range $key, $value := $s.sparkConf }}
estimator.spark.kubernetes.spark-conf[{{ $key }}]={{ $value }}
{{- end }}
estimator.spark.kubernetes.time-to-live={{ $s.timeToLive }}
{{- end }}
{{- end }}
