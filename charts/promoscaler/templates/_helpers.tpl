{{/* Chart name, truncated to the 63 characters a DNS-1123 label allows. */}}
{{- define "promoscaler.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: release-chart unless the release name already contains the chart name. */}}
{{- define "promoscaler.fullname" -}}
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

{{- define "promoscaler.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "promoscaler.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "promoscaler.selectorLabels" -}}
app.kubernetes.io/name: {{ include "promoscaler.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "promoscaler.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "promoscaler.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "promoscaler.leaseName" -}}
{{- default (include "promoscaler.fullname" .) .Values.leaderElection.leaseName }}
{{- end }}

{{/* The Lease names a replica gets and updates: the leader's, or with sharding each shard's and each member's. */}}
{{- define "promoscaler.leaseNames" -}}
{{- $lease := include "promoscaler.leaseName" . }}
{{- if gt (int .Values.sharding.shards) 1 }}
{{- $names := list }}
{{- range $i := until (int .Values.sharding.shards) }}{{ $names = append $names (printf "%s-shard-%d" $lease $i) }}{{ end }}
{{- range $k := until (int .Values.sharding.maxReplicas) }}{{ $names = append $names (printf "%s-member-%d" $lease $k) }}{{ end }}
{{- $names | toJson }}
{{- else }}
{{- list $lease | toJson }}
{{- end }}
{{- end }}

{{/* The state ConfigMap names a replica gets and updates: one, or with sharding one per shard (of the previous count too while lowering it). */}}
{{- define "promoscaler.stateConfigMapNames" -}}
{{- $state := include "promoscaler.stateConfigMapName" . }}
{{- if gt (int .Values.sharding.shards) 1 }}
{{- $names := list }}
{{- range $i := until (max (int .Values.sharding.shards) (int .Values.sharding.previousShards) | int) }}{{ $names = append $names (printf "%s-shard-%d" $state $i) }}{{ end }}
{{- $names | toJson }}
{{- else }}
{{- list $state | toJson }}
{{- end }}
{{- end }}

{{- define "promoscaler.stateConfigMapName" -}}
{{- default (printf "%s-state" (include "promoscaler.fullname" .)) .Values.stateStore.configMapName }}
{{- end }}

{{/* Where the admin listener binds: an IPv6 address goes in brackets, as Kestrel's URL syntax wants. */}}
{{- define "promoscaler.adminUrl" -}}
{{- $address := .Values.admin.bindAddress }}
{{- if contains ":" $address }}{{ $address = printf "[%s]" (trimAll "[]" $address) }}{{ end }}
{{- printf "http://%s:%d" $address (int .Values.admin.port) }}
{{- end }}

{{- define "promoscaler.policiesConfigMapName" -}}
{{- default (printf "%s-policies" (include "promoscaler.fullname" .)) .Values.policies.existingConfigMap }}
{{- end }}

{{/*
Rules for the workloads PromoScaler scales: exactly the calls the code makes (PromoScaler.Kubernetes'
KubernetesPermissions lists them, and the chart tests compare). Writes go only through /scale subresources (a merge
patch) and an HPA's spec.minReplicas; a Deployment or StatefulSet itself is only read, for the ready counts the
explanation shows (get per tick; list+watch too with rbac.targetCache, for Kubernetes:TargetCache). An Event (core group, create) records every scale on the target, as the HPA controller does.
*/}}
{{- define "promoscaler.targetRules" -}}
- apiGroups: ["apps"]
  resources: ["deployments/scale", "statefulsets/scale"]
  verbs: ["patch"]
- apiGroups: ["apps"]
  resources: ["deployments", "statefulsets"]
  verbs: ["get"{{ if .Values.rbac.targetCache }}, "list", "watch"{{ end }}]
{{- if .Values.rbac.hpaFloors }}
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  verbs: ["get", "patch"]
{{- end }}
{{- range .Values.rbac.extraScaleResources }}
- apiGroups: [{{ required "rbac.extraScaleResources[].apiGroup is required" .apiGroup | quote }}]
  resources: [{{ printf "%s/scale" (required "rbac.extraScaleResources[].resource is required" .resource) | quote }}]
  verbs: ["get", "patch"]
{{- end }}
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end }}

{{/* Refuse combinations that would let two replicas act at once or lose state silently. */}}
{{- define "promoscaler.validate" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.leaderElection.enabled) }}
{{- fail "replicaCount > 1 needs leaderElection.enabled: true (otherwise every replica would write to the targets)" }}
{{- end }}
{{- if not (has .Values.stateStore.kind (list "configmap" "file")) }}
{{- fail (printf "stateStore.kind must be configmap or file, not %q" .Values.stateStore.kind) }}
{{- end }}
{{- if and (eq .Values.stateStore.kind "file") (gt (int .Values.replicaCount) 1) }}
{{- fail "stateStore.kind: file keeps state on one pod's disk; with replicaCount > 1 use stateStore.kind: configmap" }}
{{- end }}
{{- if and (gt (int .Values.sharding.shards) 1) (not .Values.leaderElection.enabled) }}
{{- fail "sharding.shards > 1 needs leaderElection.enabled: true (each shard is held through a Lease)" }}
{{- end }}
{{- if and (gt (int .Values.sharding.shards) 1) (ne .Values.stateStore.kind "configmap") }}
{{- fail "sharding.shards > 1 needs stateStore.kind: configmap (one state ConfigMap per shard)" }}
{{- end }}
{{- if and .Values.policies.existingConfigMap .Values.policies.files }}
{{- fail "set policies.files or policies.existingConfigMap, not both" }}
{{- end }}
{{- end }}

{{/* ScalingPolicy objects: read with list+watch, status written back, an Event on each; nothing else of them. */}}
{{- define "promoscaler.policyRules" -}}
- apiGroups: ["promoscaler.io"]
  resources: ["scalingpolicies"]
  verbs: ["list", "watch"]
- apiGroups: ["promoscaler.io"]
  resources: ["scalingpolicies/status"]
  verbs: ["patch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end }}
